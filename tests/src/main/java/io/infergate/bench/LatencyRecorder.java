package io.infergate.bench;

import java.util.Arrays;

/** Latencies of one series of requests, in nanoseconds, and their percentiles. */
final class LatencyRecorder {
    private long[] samples = new long[1024];
    private int count;

    void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    int count() {
        return count;
    }

    /** The p-th percentile (0 < p <= 100) in microseconds, nearest-rank. */
    double percentileMicros(double p) {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(rank, count - 1))] / 1000.0;
    }
}
