package io.infergate.gateway.trace;

import io.infergate.engine.trace.RequestTrace;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks the requests to trace under one set of settings (the global ones, or a model's): every
 * rate-th request, while the count lasts. Called on event loops at once: counters only.
 */
final class Sampler {
    private final TraceFields settings;
    private final AtomicLong ids;
    private final TraceDestination destination;
    private final AtomicLong seen = new AtomicLong();
    /** Traces left to take; negative without limit. */
    private final AtomicInteger left;

    /** @param settings complete settings */
    Sampler(TraceFields settings, AtomicLong ids, TraceDestination destination) {
        this.settings = settings;
        this.ids = ids;
        this.destination = destination;
        this.left = new AtomicInteger(settings.count());
    }

    TraceFields settings() {
        return settings;
    }

    /** The trace for the next request, or null when it is not one to trace. */
    RequestTrace sample() {
        if (!traces() || seen.incrementAndGet() % settings.rate() != 0 || !takeOne()) {
            return null;
        }
        return new RequestTrace(ids, settings.levels().contains(TraceLevel.TIMESTAMPS),
                settings.levels().contains(TraceLevel.TENSORS),
                trace -> destination.accept(trace, settings));
    }

    /** Whether any request is traced under these settings: a level, a count left, somewhere for traces to go. */
    boolean traces() {
        return !settings.levels().isEmpty() && settings.count() != 0 && destination.takes(settings);
    }

    private boolean takeOne() {
        if (settings.count() < 0) {
            return true;
        }
        return left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    /** The count as Triton reports it: the traces still to take. */
    int remaining() {
        return settings.count() < 0 ? -1 : left.get();
    }
}
