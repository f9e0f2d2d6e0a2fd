package io.infergate.engine.repository;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.infergate.engine.repository.spi.ModelRepository;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a listing of every repository found: the models of the repositories that could be read,
 * and why the others could not (a folder that is gone, a store that is down or refuses the
 * credentials). One unreadable repository does not hide the models of the others.
 *
 * @param models   every model name, with every repository that holds it (more than one for a
 *                 name two repositories hold)
 * @param failures one message for each repository that could not be listed
 */
public record RepositoryListing(TreeMap<String, List<ModelRepository>> models, List<String> failures) {

    public RepositoryListing {
        failures = List.copyOf(failures);
    }

    /** The models one repository alone holds (a duplicate cannot load; the index says why). */
    public List<String> loadableModels() {
        return models.entrySet().stream().filter(entry -> entry.getValue().size() == 1).map(Map.Entry::getKey)
                .toList();
    }

    /**
     * This listing, when every repository could be read.
     *
     * @throws InferenceException with the failures, when some repository could not
     */
    public RepositoryListing requireComplete() {
        if (!failures.isEmpty()) {
            throw new InferenceException(Status.INTERNAL, String.join("; ", failures));
        }
        return this;
    }
}
