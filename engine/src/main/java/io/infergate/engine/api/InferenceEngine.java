package io.infergate.engine.api;

import io.vertx.core.Future;

/**
 * Runs inference: what frontends send requests to, and what models call (ensemble steps, Python
 * BLS). {@link ModelCatalog} says which models there are and loads or unloads them; an engine
 * that runs models itself ({@code LocalEngine}) is both. Every method may be called from an
 * event loop: none blocks. Failures are {@link InferenceException}s.
 */
public interface InferenceEngine {

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
}
