package io.infergate.perf.baseline;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.infergate.perf.client.RequestTiming;
import io.infergate.perf.load.LoadGenerator;
import io.infergate.perf.load.WindowCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** N threads calling {@code session.run} back to back on the same inputs: concurrency without a server. */
final class OrtLoad implements LoadGenerator {
    private static final long JOIN_MILLIS = 30_000;
    // ONNX Runtime recurses deeply on some models; the 1 MiB default stack has overflowed.
    private static final long ORT_STACK_BYTES = 8L << 20;

    private final OrtSession session;
    private final Map<String, OnnxTensor> inputs;
    private final int threads;
    private final int batchSize;
    private final List<Thread> running = new ArrayList<>();
    private volatile boolean stopped;

    OrtLoad(OrtSession session, Map<String, OnnxTensor> inputs, int threads, int batchSize) {
        this.session = session;
        this.inputs = inputs;
        this.threads = threads;
        this.batchSize = batchSize;
    }

    @Override
    public void start(WindowCollector collector) {
        stopped = false;
        for (int t = 0; t < threads; t++) {
            running.add(Thread.ofPlatform().daemon().name("perf-ort-" + t).stackSize(ORT_STACK_BYTES)
                    .start(() -> loop(collector)));
        }
    }

    private void loop(WindowCollector collector) {
        while (!stopped) {
            long start = System.nanoTime();
            try (OrtSession.Result ignored = session.run(inputs)) {
                collector.success(new RequestTiming(0, 0, System.nanoTime() - start));
            } catch (OrtException e) {
                collector.failure(e);
                return;
            }
        }
    }

    @Override
    public void stop() {
        stopped = true;
        try {
            for (Thread thread : running) {
                thread.join(JOIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.clear();
    }

    @Override
    public int batchSize() {
        return batchSize;
    }
}
