package io.infergate.gateway.grpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Identity model configurations written into a test's folder. */
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
}
