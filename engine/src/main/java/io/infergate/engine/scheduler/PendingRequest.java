package io.infergate.engine.scheduler;

import io.infergate.engine.backend.RequestDetails;
import io.infergate.engine.cache.ModelResponseCache;
import io.infergate.engine.model.PreparedRequest;

/** A request waiting in a scheduler's queue, with what the queue needs to know about it. */
final class PendingRequest {
    enum State { QUEUED, EXECUTING, DONE }

    final PreparedRequest prepared;
    final int queueIndex;
    final long enqueuedNanos = System.nanoTime();
    State state = State.QUEUED;
    long timeoutTimer = -1;
    /** The effective timeout in microseconds (0 = none): the queue policy's default or the request's own. */
    long timeoutMicros;
    /** The response cache's miss for this request, to insert its response under; null without a cache. */
    ModelResponseCache.Lookup cacheMiss;

    PendingRequest(PreparedRequest prepared, int queueIndex) {
        this.prepared = prepared;
        this.queueIndex = queueIndex;
    }

    /** What the backend learns about this request. */
    RequestDetails details() {
        return prepared.details(timeoutMicros);
    }

    int batchSize() {
        return prepared.batchSize();
    }
}
