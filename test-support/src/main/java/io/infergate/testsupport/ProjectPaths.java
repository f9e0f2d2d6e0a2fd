package io.infergate.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where tests find the project, its example repository and the shared Triton examples. */
public final class ProjectPaths {
    private ProjectPaths() {
    }

    public static Path projectRoot() {
        return Path.of(System.getProperty("infergate.project.root", ".")).toAbsolutePath().normalize();
    }

    public static Path examples() {
        return projectRoot().resolve("examples/model_repository");
    }

    /** Triton's example repository in ../shared (found upwards, so worktrees work too). */
    public static Path tritonExamples() {
        for (Path dir = projectRoot(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/triton-examples/model_repository");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("../shared/triton-examples/model_repository not found above " + projectRoot());
    }

    /** A real model fetched by scripts/fetch-models; fails with the fix when it is missing. */
    public static Path fetchedModel(String model) {
        Path file = examples().resolve(model).resolve("1/model.onnx");
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " is missing: run scripts/fetch-models (scripts/test does)");
        }
        return file;
    }
}
