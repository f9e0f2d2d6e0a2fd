package io.infergate.perf.load;

import java.util.Arrays;

/** Latencies of a series of requests, in nanoseconds, and their percentiles. Not thread-safe. */
public final class LatencyRecorder {
    private long[] samples = new long[1024];
    private int count;
    private long sum;

    public void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
        sum += nanos;
    }

    public void addAll(LatencyRecorder other) {
        for (int i = 0; i < other.count; i++) {
            record(other.samples[i]);
        }
    }

    public int count() {
        return count;
    }

    public double meanMicros() {
        return count == 0 ? 0 : sum / 1000.0 / count;
    }

    /** The p-th percentile (0 < p <= 100) in microseconds, nearest-rank; 0 without samples. */
    public double percentileMicros(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(rank, count - 1))] / 1000.0;
    }
}
