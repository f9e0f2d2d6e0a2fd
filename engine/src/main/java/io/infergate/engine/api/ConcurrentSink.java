package io.infergate.engine.api;

/**
 * A {@link ResponseSink} that takes calls on any thread, one at a time. The engine then hands a
 * model's answers to it from the thread that produced them, instead of through the caller's
 * context: one thread hand-off fewer for callers that wait on a thread of their own (Python's
 * BLS requests).
 */
public interface ConcurrentSink extends ResponseSink {

    /**
     * Whether the calling thread does nothing but wait for this one answer (a blocking BLS
     * {@code exec()}). The engine may then compute it on that thread when an instance is idle,
     * saving the hand-off to an instance thread and back.
     */
    default boolean callerWaits() {
        return false;
    }
}
