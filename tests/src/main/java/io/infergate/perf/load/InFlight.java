package io.infergate.perf.load;

import java.util.concurrent.atomic.AtomicInteger;

/** Waiting for requests in flight after a generator stops, bounded so a hung server cannot hang the tool. */
final class InFlight {
    private static final long DRAIN_LIMIT_NANOS = 30_000_000_000L;

    private InFlight() {
    }

    static void drain(AtomicInteger inFlight) {
        long deadline = System.nanoTime() + DRAIN_LIMIT_NANOS;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
