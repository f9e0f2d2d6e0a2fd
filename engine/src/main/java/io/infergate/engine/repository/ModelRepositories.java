package io.infergate.engine.repository;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.ModelNames;
import io.infergate.engine.api.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The model repositories on disk: {@code <repo>/<model>/config.pbtxt} and numeric version
 * folders. Reads the file system on every call, so models added after start-up are found.
 */
public final class ModelRepositories {
    public static final String CONFIG_FILE = "config.pbtxt";

    private final List<Path> roots;

    public ModelRepositories(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** Every model folder in every repository, by name. Blocking: call from a worker thread. */
    public TreeMap<String, Path> scan() {
        TreeMap<String, Path> models = new TreeMap<>();
        listAll().forEach((name, dirs) -> {
            if (dirs.size() > 1) {
                throw new InferenceException(Status.INVALID_ARG, duplicateReason(name, dirs));
            }
            models.put(name, dirs.getFirst());
        });
        return models;
    }

    /**
     * Every model folder in every repository, by name, with every repository folder of that name
     * (more than one for a name two repositories hold). Blocking: call from a worker thread.
     */
    public TreeMap<String, List<Path>> listAll() {
        TreeMap<String, List<Path>> models = new TreeMap<>();
        for (Path root : roots) {
            try (Stream<Path> children = Files.list(root)) {
                for (Path dir : children.filter(Files::isDirectory).sorted().toList()) {
                    String name = dir.getFileName().toString();
                    if (!name.startsWith(".")) {
                        models.computeIfAbsent(name, k -> new ArrayList<>()).add(dir);
                    }
                }
            } catch (IOException e) {
                throw new InferenceException(Status.INTERNAL,
                        "failed to poll from model repository " + root + ": " + e.getMessage(), e);
            }
        }
        return models;
    }

    /** Why a model that several repositories hold cannot load. */
    public static String duplicateReason(String name, List<Path> dirs) {
        return "model '" + name + "' appears in more than one repository: " + dirs.get(0) + " and " + dirs.get(1);
    }

    /** The folder of one model, if some repository has it. */
    public Optional<Path> find(String name) {
        ModelNames.requireValid(name);
        for (Path root : roots) {
            Path dir = root.resolve(name);
            if (Files.isDirectory(dir)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** The numeric version folders of a model folder, ascending. */
    public static List<Long> versionsOnDisk(Path modelDir) {
        List<Long> versions = new ArrayList<>();
        try (Stream<Path> children = Files.list(modelDir)) {
            for (Path child : children.filter(Files::isDirectory).toList()) {
                String name = child.getFileName().toString();
                if (name.matches("[0-9]{1,18}")) {
                    versions.add(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        versions.sort(null);
        return versions;
    }
}
