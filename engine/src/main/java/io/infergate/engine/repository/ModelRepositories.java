package io.infergate.engine.repository;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.ModelNames;
import io.infergate.engine.api.Status;
import io.infergate.engine.repository.spi.ModelRepository;
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
 * The model repositories, local folders or remote stores: {@code <repo>/<model>/config.pbtxt} and
 * numeric version folders. Lists the repositories on every call, so models added after start-up
 * are found.
 */
public final class ModelRepositories {
    public static final String CONFIG_FILE = "config.pbtxt";

    private final List<ModelRepository> repositories;

    public ModelRepositories(List<ModelRepository> repositories) {
        this.repositories = List.copyOf(repositories);
    }

    /**
     * Every model in every repository, by name, with every repository that holds that name; a
     * repository that cannot be listed is left out and said why. Blocking: call from a worker
     * thread.
     */
    public RepositoryListing listAll() {
        TreeMap<String, List<ModelRepository>> models = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (ModelRepository repository : repositories) {
            try {
                for (String name : repository.modelNames()) {
                    models.computeIfAbsent(name, k -> new ArrayList<>()).add(repository);
                }
            } catch (IOException e) {
                failures.add("failed to poll from model repository " + repository.location() + ": " + e.getMessage());
            }
        }
        return new RepositoryListing(models, failures);
    }

    /** Why a model that several repositories hold cannot load. */
    public static String duplicateReason(String name, List<ModelRepository> holders) {
        return "model '" + name + "' appears in more than one repository: " + holders.get(0).location() + "/" + name
                + " and " + holders.get(1).location() + "/" + name;
    }

    /**
     * The local folder of one model, if some repository has it; a remote repository copies the
     * model's files first. A repository that cannot be read does not hide the model in another.
     * Blocking: call from a worker thread.
     *
     * @throws InferenceException for a name no model may have, or when no repository has the
     *                            model and one could not be read (or its copy failed)
     */
    public Optional<Path> find(String name) {
        ModelNames.requireValid(name);
        InferenceException unreadable = null;
        for (ModelRepository repository : repositories) {
            try {
                Optional<Path> dir = repository.localFolder(name);
                if (dir.isPresent()) {
                    return dir;
                }
            } catch (IOException e) {
                if (unreadable == null) {
                    unreadable = new InferenceException(Status.INTERNAL, "failed to read model '" + name
                            + "' from repository " + repository.location() + ": " + e.getMessage(), e);
                }
            }
        }
        if (unreadable != null) {
            throw unreadable;
        }
        return Optional.empty();
    }

    /** Releases every repository's resources (remote clients, local copies). */
    public void close() {
        repositories.forEach(ModelRepository::close);
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
