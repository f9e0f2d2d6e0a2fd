package io.infergate.perf.load;

import io.infergate.perf.client.ServerStats;

/**
 * What one measurement window (or several merged) saw: completed requests, client-side times and
 * the server's statistics over the same time.
 */
public record Window(long nanos, long requests, long sendNs, long recvNs, LatencyRecorder latencies,
        ServerStats server) {

    public Window withServer(ServerStats delta) {
        return new Window(nanos, requests, sendNs, recvNs, latencies, delta);
    }

    public Window plus(Window other) {
        LatencyRecorder merged = new LatencyRecorder();
        merged.addAll(latencies);
        merged.addAll(other.latencies);
        return new Window(nanos + other.nanos, requests + other.requests, sendNs + other.sendNs,
                recvNs + other.recvNs, merged, server.plus(other.server));
    }

    public double requestsPerSecond() {
        return nanos == 0 ? 0 : requests * 1e9 / nanos;
    }

    /** Average latency, or the given percentile when it is above 0, in microseconds. */
    public double latencyMicros(int percentile) {
        return percentile > 0 ? latencies.percentileMicros(percentile) : latencies.meanMicros();
    }
}
