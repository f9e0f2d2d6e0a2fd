package io.infergate.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small model repositories for engine tests: configs for the built-in identity backend. */
public final class TestRepository {
    private final Path root;

    public TestRepository(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** An identity model: INPUT0 -> OUTPUT0 of this type, dims [-1], batching up to 8. */
    public TestRepository identity(String name, String type, int delayMs, long... versions) {
        return model(name, """
                backend: "identity"
                max_batch_size: 8
                input [ { name: "INPUT0" data_type: %s dims: [ -1 ] } ]
                output [ { name: "OUTPUT0" data_type: %s dims: [ -1 ] } ]
                version_policy: { all { } }
                parameters { key: "execute_delay_ms" value { string_value: "%d" } }
                """.formatted(type, type, delayMs), versions);
    }

    /** A model folder with this config text and empty version folders. */
    public TestRepository model(String name, String config, long... versions) {
        try {
            Path dir = Files.createDirectories(root.resolve(name));
            Files.writeString(dir.resolve("config.pbtxt"), config);
            for (long version : versions) {
                Files.createDirectories(dir.resolve(Long.toString(version)));
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
