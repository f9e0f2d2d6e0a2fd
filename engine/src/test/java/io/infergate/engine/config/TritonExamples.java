package io.infergate.engine.config;

import io.infergate.testsupport.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The configurations of the shared Triton example models. */
final class TritonExamples {

    private TritonExamples() {}

    /** The config.pbtxt of every example model in the shared Triton example repository. */
    static List<Path> configFiles() throws IOException {
        Path repository = ProjectPaths.tritonExamples();
        try (Stream<Path> models = Files.list(repository)) {
            return models.map(model -> model.resolve("config.pbtxt")).filter(Files::isRegularFile).sorted().toList();
        }
    }
}
