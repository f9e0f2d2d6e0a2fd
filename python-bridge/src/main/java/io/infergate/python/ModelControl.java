package io.infergate.python;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.ModelLoadOverrides;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * pb_utils.load_model and unload_model on either runtime: the engine's repository API, waited
 * for, with a failure as its message (which pb_utils raises as TritonModelException).
 */
public final class ModelControl {
    private ModelControl() {
    }

    /**
     * Loads or reloads a model.
     *
     * @param configJson an override configuration, or null
     * @param files      override files by "&lt;version&gt;/&lt;path&gt;"
     * @return null, or why the model did not load
     */
    public static String load(ModelCatalog models, String model, String configJson, Map<String, byte[]> files)
            throws InterruptedException {
        return await(() -> models.load(model, new ModelLoadOverrides(configJson, files)));
    }

    /** Unloads a model; null, or why it failed. */
    public static String unload(ModelCatalog models, String model, boolean unloadDependents)
            throws InterruptedException {
        return await(() -> models.unload(model, unloadDependents));
    }

    /** Waits for a repository operation; null when it succeeded, else its error message. */
    private static String await(Supplier<Future<Void>> operation) throws InterruptedException {
        try {
            operation.get().toCompletionStage().toCompletableFuture().get();
            return null;
        } catch (ExecutionException e) {
            return InferenceException.of(e.getCause()).getMessage();
        } catch (RuntimeException e) {
            return InferenceException.of(e).getMessage();
        }
    }
}
