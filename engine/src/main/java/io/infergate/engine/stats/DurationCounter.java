package io.infergate.engine.stats;

import io.infergate.engine.api.ModelStatistics.Duration;
import java.util.concurrent.atomic.LongAdder;

/** A count of events and their summed nanoseconds, updated from any thread without locks. */
final class DurationCounter {
    private final LongAdder count = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    void add(long countDelta, long ns) {
        count.add(countDelta);
        nanos.add(ns);
    }

    Duration snapshot() {
        return new Duration(count.sum(), nanos.sum());
    }
}
