package io.infergate.engine.api;

/**
 * A sink that may hold back the model sending to it: before each response is handed to the
 * sink's context, {@link #admit} runs on the sending thread and may make it wait. Ensembles use
 * it to bound how many responses of a decoupled step are on their way through later steps.
 */
public interface PacedSink extends ResponseSink {

    /**
     * Called on the sending thread before each response.
     *
     * @param mayWait false on an event loop, which must never wait: the response is let through at once
     */
    void admit(boolean mayWait);
}
