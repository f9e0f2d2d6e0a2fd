package io.infergate.engine.api;

/**
 * A {@link ResponseSink} that takes calls on any thread, one at a time. The engine then hands a
 * model's answers to it from the thread that produced them, instead of through the caller's
 * context: one thread hand-off fewer for callers that wait on a thread of their own (Python's
 * BLS requests).
 */
public interface ConcurrentSink extends ResponseSink {
}
