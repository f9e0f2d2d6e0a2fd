package io.infergate.gateway.grpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Identity model configurations written into a test's folder, and the shared Triton example repository. */
final class TestModels {
    private TestModels() {
    }

    static void writeIdentity(Path repository, String name, String configType) throws IOException {
        Path dir = Files.createDirectories(repository.resolve(name).resolve("1"));
        Files.writeString(dir.getParent().resolve("config.pbtxt"), """
                backend: "identity"
                max_batch_size: 0
                input [ { name: "INPUT0" data_type: %s dims: [ -1 ] } ]
                output [ { name: "OUTPUT0" data_type: %s dims: [ -1 ] } ]
                """.formatted(configType, configType));
    }

    /** shared/triton-examples/model_repository, found by walking up from the project root (worktrees sit deeper). */
    static Path tritonExamples() {
        Path root = Path.of(System.getProperty("infergate.project.root", ".")).toAbsolutePath().normalize();
        for (Path dir = root; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/triton-examples/model_repository");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no shared/triton-examples/model_repository above " + root);
    }
}
