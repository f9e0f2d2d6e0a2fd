package io.infergate.engine.api;

import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.vertx.core.Future;
import java.util.List;

/**
 * The models a server has and their state (health, metadata, configuration, index, statistics),
 * and model control (load, unload): what the frontends' non-inference endpoints answer from.
 * Methods that answer from the engine's registry return at once and throw
 * {@link InferenceException}; methods that do work return a {@link Future} that fails with one.
 * None blocks.
 */
public interface ModelCatalog {

    /** Whether the server is up (it may still be loading models). */
    boolean isLive();

    /** Whether the server accepts inference: started, and with strict readiness every model ready. */
    boolean isReady();

    /** Whether this model (and version, "" for any) is loaded and ready. Never throws. */
    boolean isModelReady(String model, String version);

    /** Metadata of a ready model; NOT_FOUND when there is no such model or version. */
    ModelMetadata metadata(String model, String version);

    /** Configuration of a ready model as loaded (auto-completed); NOT_FOUND when absent. */
    ModelConfig config(String model, String version);

    /**
     * Every model found in the repositories (as of their last scan) and every model loaded, one
     * entry per version, sorted by name and version; a model never loaded has one entry with its
     * name only (no version, state or reason), as Triton lists it. With {@code readyOnly}, only
     * ready versions.
     */
    List<ModelIndexEntry> index(boolean readyOnly);

    /**
     * The repository index of the repository API: {@link #index(boolean)} after scanning the
     * repositories again, so that a model folder added since is listed. Never blocks the caller.
     */
    default Future<List<ModelIndexEntry>> repositoryIndex(boolean readyOnly) {
        try {
            return Future.succeededFuture(index(readyOnly));
        } catch (InferenceException e) {
            return Future.failedFuture(e);
        }
    }

    /** Loads or reloads a model from the repositories, or from the overrides when given. */
    Future<Void> load(String model, ModelLoadOverrides overrides);

    /**
     * Unloads every version of a model once its in-flight requests have finished; with
     * unloadDependents, an ensemble's composing models too, except those another loaded ensemble uses.
     */
    Future<Void> unload(String model, boolean unloadDependents);

    /**
     * Statistics of ready model versions: all of them when model is null or empty, else that
     * model's (all versions when version is empty). NOT_FOUND for an unknown model or version.
     */
    List<ModelStatistics> statistics(String model, String version);
}
