package io.infergate.testkit.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExampleModelsTest {

    @Test
    void committedSimpleModelIsWhatTheGeneratorWrites() throws IOException {
        Path committed = Path.of(System.getProperty("infergate.project.root")).resolve(ExampleModels.SIMPLE);
        assertArrayEquals(ExampleModels.simple(), Files.readAllBytes(committed),
                committed + " differs from ExampleModels.simple(); run ExampleModels and commit its output");
    }
}
