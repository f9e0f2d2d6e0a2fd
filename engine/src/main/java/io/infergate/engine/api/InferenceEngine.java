package io.infergate.engine.api;

import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.vertx.core.Future;
import java.util.List;

/**
 * The engine's in-process API. HTTP and gRPC frontends are thin adapters over it; a Java
 * application can embed it directly. Every method may be called from an event loop: none blocks.
 * Methods that answer from the engine's registry return at once and throw
 * {@link InferenceException}; methods that do work return a {@link Future} that fails with one.
 */
public interface InferenceEngine {

    /** Whether the server is up (it may still be loading models). */
    boolean isLive();

    /** Whether the server accepts inference: started, and with strict readiness every model ready. */
    boolean isReady();

    /** Runs one request on the model (version) it names; decoupled models are refused (use inferStream). */
    default Future<InferenceResponse> infer(InferenceRequest request) {
        return infer(request, Cancellation.NONE);
    }

    /** Runs one request that its client may withdraw through {@code cancellation}. */
    Future<InferenceResponse> infer(InferenceRequest request, Cancellation cancellation);

    /**
     * Runs one request whose answers go to a sink: every model works this way, and decoupled
     * models (zero to many responses) only this way. Sink calls arrive on the caller's context.
     */
    default void inferStream(InferenceRequest request, ResponseSink sink) {
        inferStream(request, Cancellation.NONE, sink);
    }

    /** Streams one request that its client may withdraw through {@code cancellation}. */
    void inferStream(InferenceRequest request, Cancellation cancellation, ResponseSink sink);

    /** Whether this model (and version, "" for any) is loaded and ready. Never throws. */
    boolean isModelReady(String model, String version);

    /** Metadata of a ready model; NOT_FOUND when there is no such model or version. */
    ModelMetadata metadata(String model, String version);

    /** Configuration of a ready model as loaded (auto-completed); NOT_FOUND when absent. */
    ModelConfig config(String model, String version);

    /** Every model known to the repositories, one entry per version, sorted by name and version. */
    List<ModelIndexEntry> index(boolean readyOnly);

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
