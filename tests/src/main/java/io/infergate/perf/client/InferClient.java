package io.infergate.perf.client;

import io.vertx.core.Future;

/**
 * Sends prepared inference requests over one protocol. A failure carries the server's message;
 * implementations never parse outputs, so an echo server can stand in for the model server.
 * Connections belong to the Vert.x client given to the implementation and close with it.
 */
public interface InferClient {
    Future<RequestTiming> infer(SequenceStep step);
}
