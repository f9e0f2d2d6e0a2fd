package io.infergate.engine.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Locates the shared Triton example model repository, which lives outside the checkout. */
final class TritonExamples {

    private TritonExamples() {}

    /**
     * The config.pbtxt of every example model. The shared folder sits beside the main checkout
     * ({@code <root>/../shared}) but further up for worktrees, so the search walks up from the root.
     */
    static List<Path> configFiles() throws IOException {
        Path repository = modelRepository();
        try (Stream<Path> models = Files.list(repository)) {
            return models.map(model -> model.resolve("config.pbtxt")).filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Path modelRepository() {
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
