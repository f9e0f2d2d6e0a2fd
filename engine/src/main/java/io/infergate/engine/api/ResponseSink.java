package io.infergate.engine.api;

/**
 * Where the responses of a streamed request go: decoupled models answer zero, one or many times
 * and then complete; other models answer once and complete. Called on the context that started
 * the request, one call at a time; after {@link #complete()} or {@link #fail} nothing follows.
 */
public interface ResponseSink {

    /** One more response. */
    void response(InferenceResponse response);

    /** No more responses will come (Triton's final flag). */
    void complete();

    /** The request failed; no response or completion follows. */
    void fail(InferenceException error);
}
