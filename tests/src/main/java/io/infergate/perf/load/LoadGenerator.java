package io.infergate.perf.load;

/** Keeps a target busy at one load level, reporting each completed request to a collector. */
public interface LoadGenerator {
    void start(WindowCollector collector);

    /** Stops sending and waits (bounded) for requests in flight. */
    void stop();

    /** Inferences per request: the batch size. */
    int batchSize();
}
