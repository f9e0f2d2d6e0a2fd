package io.infergate.perf.load;

import io.infergate.perf.client.InferClient;
import io.infergate.perf.client.SequenceStep;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open loop: requests leave at a constant rate whether or not earlier ones have answered, up to
 * a cap on requests in flight so an overloaded server cannot exhaust the client.
 */
public final class RateLoad implements LoadGenerator {
    private static final long TICK_MILLIS = 1;

    private final Vertx vertx;
    private final InferClient client;
    private final double perSecond;
    private final int batchSize;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private long timer = -1;

    public RateLoad(Vertx vertx, InferClient client, double perSecond, int batchSize, int maxInFlight) {
        this.vertx = vertx;
        this.client = client;
        this.perSecond = perSecond;
        this.batchSize = batchSize;
        this.maxInFlight = maxInFlight;
    }

    @Override
    public void start(WindowCollector collector) {
        long startNanos = System.nanoTime();
        long[] issued = new long[1];
        timer = vertx.setPeriodic(TICK_MILLIS, id -> {
            long due = (long) ((System.nanoTime() - startNanos) / 1e9 * perSecond);
            // Requests the cap holds back are skipped, not sent in a burst later.
            for (; issued[0] < due; issued[0]++) {
                if (inFlight.get() >= maxInFlight) {
                    issued[0] = due;
                    break;
                }
                inFlight.incrementAndGet();
                client.infer(SequenceStep.NONE).onComplete(result -> {
                    inFlight.decrementAndGet();
                    if (result.succeeded()) {
                        collector.success(result.result());
                    } else {
                        collector.failure(result.cause());
                    }
                });
            }
        });
    }

    @Override
    public void stop() {
        vertx.cancelTimer(timer);
        InFlight.drain(inFlight);
    }

    @Override
    public int batchSize() {
        return batchSize;
    }
}
