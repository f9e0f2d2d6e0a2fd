package io.infergate.perf.load;

import io.infergate.perf.client.InferClient;
import io.infergate.perf.client.SequenceStep;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed loop: N workers, each sending its next request when the previous one answers, so N
 * requests are always in flight. For sequence models each worker runs its own sequences.
 */
public final class ConcurrencyLoad implements LoadGenerator {
    private final InferClient client;
    private final int concurrency;
    private final int batchSize;
    private final int sequenceLength;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean running;

    public ConcurrencyLoad(InferClient client, int concurrency, int batchSize, int sequenceLength) {
        this.client = client;
        this.concurrency = concurrency;
        this.batchSize = batchSize;
        this.sequenceLength = sequenceLength;
    }

    @Override
    public void start(WindowCollector collector) {
        running = true;
        for (int worker = 0; worker < concurrency; worker++) {
            next(collector, worker, 0);
        }
    }

    private void next(WindowCollector collector, int worker, long sent) {
        if (!running) {
            return;
        }
        inFlight.incrementAndGet();
        client.infer(step(worker, sent)).onComplete(result -> {
            if (result.succeeded()) {
                collector.success(result.result());
            } else {
                collector.failure(result.cause());
            }
            inFlight.decrementAndGet();
            if (result.succeeded()) {
                next(collector, worker, sent + 1);
            }
        });
    }

    private SequenceStep step(int worker, long sent) {
        if (sequenceLength == 0) {
            return SequenceStep.NONE;
        }
        long position = sent % sequenceLength;
        long id = ((long) (worker + 1) << 32) + sent / sequenceLength;
        return new SequenceStep(id, position == 0, position == sequenceLength - 1);
    }

    @Override
    public void stop() {
        running = false;
        InFlight.drain(inFlight);
    }

    @Override
    public int batchSize() {
        return batchSize;
    }
}
