package io.infergate.engine.repository.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A model repository in a folder on disk: loaders read its model folders in place. */
public record LocalModelRepository(Path root) implements ModelRepository {

    /** A local repository for each folder, in order. */
    public static List<ModelRepository> all(List<Path> roots) {
        return roots.stream().<ModelRepository>map(LocalModelRepository::new).toList();
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public List<String> modelNames() throws IOException {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(Files::isDirectory).map(dir -> dir.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).sorted().toList();
        }
    }

    @Override
    public String fingerprint(String model) throws IOException {
        return ModelFingerprint.of(root.resolve(model));
    }

    @Override
    public Optional<Path> localFolder(String model) {
        Path dir = root.resolve(model);
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }
}
