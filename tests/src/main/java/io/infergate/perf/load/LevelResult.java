package io.infergate.perf.load;

import io.infergate.perf.client.ServerStats;

/**
 * One load level's figures, times in microseconds per request, as perf_analyzer reports them.
 *
 * @param level          concurrency or request rate
 * @param batchSize      inferences per request
 * @param inferPerSecond inferences per second
 * @param networkServer  latency not spent in client send/receive nor in the server's queue and compute
 * @param serverOverhead server time outside queue and compute (part of networkServer)
 * @param stable         whether the last three windows agreed within the stability percentage
 */
public record LevelResult(double level, int batchSize, double inferPerSecond, double clientSend,
        double networkServer, double serverQueue, double computeInput, double computeInfer, double computeOutput,
        double clientRecv, double p50, double p90, double p95, double p99, double avg, double serverOverhead,
        boolean stable) {

    /** The row for windows merged over the reported span. */
    public static LevelResult of(double level, int batchSize, Window w, boolean stable) {
        double requests = Math.max(1, w.requests());
        double send = w.sendNs() / 1000.0 / requests;
        double recv = w.recvNs() / 1000.0 / requests;
        ServerStats s = w.server();
        double inServer = s.queue().avgMicros() + s.computeInput().avgMicros() + s.computeInfer().avgMicros()
                + s.computeOutput().avgMicros();
        double avg = w.latencies().meanMicros();
        return new LevelResult(level, batchSize, w.requestsPerSecond() * batchSize, send,
                Math.max(0, avg - send - recv - inServer), s.queue().avgMicros(), s.computeInput().avgMicros(),
                s.computeInfer().avgMicros(), s.computeOutput().avgMicros(), recv,
                w.latencies().percentileMicros(50), w.latencies().percentileMicros(90),
                w.latencies().percentileMicros(95), w.latencies().percentileMicros(99), avg, s.overheadMicros(),
                stable);
    }

    /** Average latency, or the given percentile when it is 50, 90, 95 or 99. */
    public double latency(int percentile) {
        return switch (percentile) {
            case 50 -> p50;
            case 90 -> p90;
            case 95 -> p95;
            case 99 -> p99;
            default -> avg;
        };
    }
}
