package io.infergate.testkit.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExampleModelsTest {

    private static void assertCommitted(Path relative, byte[] generated) throws IOException {
        Path committed = Path.of(System.getProperty("infergate.project.root")).resolve(relative);
        assertArrayEquals(generated, Files.readAllBytes(committed),
                committed + " differs from what ExampleModels generates; run ExampleModels and commit its output");
    }

    @Test
    void committedSimpleModelIsWhatTheGeneratorWrites() throws IOException {
        assertCommitted(ExampleModels.SIMPLE, ExampleModels.simple());
    }

    @Test
    void committedSimpleSubAddModelIsWhatTheGeneratorWrites() throws IOException {
        assertCommitted(ExampleModels.SIMPLE_SUB_ADD, ExampleModels.simpleSubAdd());
    }
}
