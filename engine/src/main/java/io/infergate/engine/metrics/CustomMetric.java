package io.infergate.engine.metrics;

import java.util.Map;

/**
 * One labelled series of a {@link CustomMetricFamily}: a counter only grows, a gauge is set or
 * moved either way, a histogram counts observations into its buckets. Thread-safe.
 */
public final class CustomMetric {
    private final MetricKind kind;
    private final Map<String, String> labels;
    private final double[] bounds;
    // Guarded by this: the value (counter, gauge), or the per-bucket counts, sum and count (histogram).
    private final long[] bucketCounts;
    private double value;
    private long count;

    CustomMetric(MetricKind kind, Map<String, String> labels, double[] bounds) {
        this.kind = kind;
        this.labels = Map.copyOf(labels);
        this.bounds = bounds.clone();
        this.bucketCounts = new long[bounds.length];
    }

    public Map<String, String> labels() {
        return labels;
    }

    /** A histogram's upper bucket bounds, ascending (without +Inf); empty for other kinds. */
    public double[] bounds() {
        return bounds.clone();
    }

    /** Adds to a counter (not negative) or a gauge. */
    public synchronized void increment(double delta) {
        require(kind != MetricKind.HISTOGRAM, "increment() is for counters and gauges; a histogram takes observe()");
        checkFinite(delta);
        if (kind == MetricKind.COUNTER && delta < 0) {
            throw new IllegalArgumentException("a counter cannot decrease: increment(" + delta + ")");
        }
        value += delta;
    }

    /** Sets a gauge. */
    public synchronized void set(double newValue) {
        require(kind == MetricKind.GAUGE, "set() is for gauges only");
        checkFinite(newValue);
        value = newValue;
    }

    /** Counts one observation into a histogram. */
    public synchronized void observe(double observed) {
        require(kind == MetricKind.HISTOGRAM, "observe() is for histograms only");
        checkFinite(observed);
        int bucket = 0;
        while (bucket < bounds.length && observed > bounds[bucket]) {
            bucket++;
        }
        if (bucket < bounds.length) {
            bucketCounts[bucket]++;
        }
        value += observed;
        count++;
    }

    /** A counter's or gauge's value. */
    public synchronized double value() {
        require(kind != MetricKind.HISTOGRAM, "value() is for counters and gauges; a histogram has buckets");
        return value;
    }

    /** Everything a scrape renders, read at once. */
    public synchronized Snapshot snapshot() {
        long[] cumulative = new long[bucketCounts.length];
        long running = 0;
        for (int i = 0; i < bucketCounts.length; i++) {
            running += bucketCounts[i];
            cumulative[i] = running;
        }
        return new Snapshot(labels, value, count, bounds.clone(), cumulative);
    }

    /**
     * A series as one scrape reads it.
     *
     * @param value            a counter's or gauge's value; a histogram's sum
     * @param count            a histogram's number of observations
     * @param bounds           a histogram's upper bucket bounds
     * @param cumulativeCounts observations at or below each bound
     */
    public record Snapshot(Map<String, String> labels, double value, long count, double[] bounds,
            long[] cumulativeCounts) {
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void checkFinite(double number) {
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException("metric values must be finite numbers, got " + number);
        }
    }
}
