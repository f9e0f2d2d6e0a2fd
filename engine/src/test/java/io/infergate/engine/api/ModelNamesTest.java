package io.infergate.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "..", "a/b", "../etc", "a\\b", "."})
    void unsafeNamesAreInvalidArguments(String name) {
        InferenceException e = assertThrows(InferenceException.class, () -> ModelNames.requireValid(name));
        assertEquals(Status.INVALID_ARG, e.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "ppocr_rec", "model-1.onnx"})
    void plainNamesPass(String name) {
        assertEquals(name, ModelNames.requireValid(name));
    }
}
