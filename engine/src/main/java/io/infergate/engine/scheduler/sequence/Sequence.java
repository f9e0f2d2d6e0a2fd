package io.infergate.engine.scheduler.sequence;

import io.infergate.engine.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * One live sequence: its waiting requests (in arrival order), the instance and slot it is bound
 * to, and its implicit state. Used on the scheduler's context only.
 */
final class Sequence {
    final CorrelationId id;
    final ArrayDeque<SequencedRequest> waiting = new ArrayDeque<>();
    /** Implicit state by model input name; absent means the initial value. */
    final Map<String, Tensor> state = new HashMap<>();
    int instance = -1;
    int slot = -1;
    boolean executing;
    long lastActivityNanos;

    Sequence(CorrelationId id, long nowNanos) {
        this.id = id;
        this.lastActivityNanos = nowNanos;
    }

    boolean isBound() {
        return instance >= 0;
    }

    /** Whether its next request can join a batch now. */
    boolean hasWork() {
        return isBound() && !executing && !waiting.isEmpty();
    }

    long headEnqueuedNanos() {
        return waiting.getFirst().enqueuedNanos();
    }
}
