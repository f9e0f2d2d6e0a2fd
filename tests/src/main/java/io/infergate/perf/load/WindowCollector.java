package io.infergate.perf.load;

import io.infergate.perf.client.RequestTiming;
import io.infergate.perf.client.ServerStats;

/**
 * Collects completed requests from the generator's threads; the measuring thread takes a window
 * at each interval, which starts the next one.
 */
public final class WindowCollector {
    private LatencyRecorder latencies = new LatencyRecorder();
    private long requests;
    private long sendNs;
    private long recvNs;
    private long startNanos = System.nanoTime();
    private String firstError;

    public synchronized void success(RequestTiming timing) {
        requests++;
        sendNs += timing.sendNs();
        recvNs += timing.recvNs();
        latencies.record(timing.totalNs());
    }

    public synchronized void failure(Throwable error) {
        if (firstError == null) {
            firstError = String.valueOf(error.getMessage());
        }
    }

    /** The first failed request's message, or null. */
    public synchronized String firstError() {
        return firstError;
    }

    public synchronized Window take() {
        long now = System.nanoTime();
        Window window = new Window(now - startNanos, requests, sendNs, recvNs, latencies, ServerStats.NONE);
        latencies = new LatencyRecorder();
        requests = 0;
        sendNs = 0;
        recvNs = 0;
        startNanos = now;
        return window;
    }
}
