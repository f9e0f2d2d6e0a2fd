package io.infergate.engine.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A named family of custom metrics of one kind, with one series per label set. Asking twice for
 * the same labels gives the same series. Thread-safe.
 */
public final class CustomMetricFamily {
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final String name;
    private final String description;
    private final MetricKind kind;
    private final Map<Map<String, String>, CustomMetric> metrics = new LinkedHashMap<>();

    CustomMetricFamily(String name, String description, MetricKind kind) {
        this.name = name;
        this.description = description;
        this.kind = kind;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public MetricKind kind() {
        return kind;
    }

    /**
     * The series with these labels, created on first use.
     *
     * @param buckets a histogram's upper bucket bounds, strictly ascending and finite; must be
     *                empty for counters and gauges
     * @throws IllegalArgumentException for an invalid label name, missing or misordered buckets,
     *                                  or a histogram series that exists with other buckets
     */
    public synchronized CustomMetric metric(Map<String, String> labels, double[] buckets) {
        for (String label : labels.keySet()) {
            if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                throw new IllegalArgumentException("metric family '" + name + "': '" + label
                        + "' is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)");
            }
        }
        checkBuckets(buckets);
        CustomMetric existing = metrics.get(labels);
        if (existing != null) {
            if (!Arrays.equals(existing.bounds(), buckets)) {
                throw new IllegalArgumentException("metric family '" + name + "': the series " + labels
                        + " exists with buckets " + Arrays.toString(existing.bounds()));
            }
            return existing;
        }
        CustomMetric metric = new CustomMetric(kind, labels, buckets);
        metrics.put(Map.copyOf(labels), metric);
        return metric;
    }

    private void checkBuckets(double[] buckets) {
        if (kind != MetricKind.HISTOGRAM) {
            if (buckets.length > 0) {
                throw new IllegalArgumentException("metric family '" + name + "': buckets are for histograms only");
            }
            return;
        }
        if (buckets.length == 0) {
            throw new IllegalArgumentException("metric family '" + name + "': a histogram needs buckets");
        }
        for (int i = 0; i < buckets.length; i++) {
            if (!Double.isFinite(buckets[i]) || i > 0 && buckets[i] <= buckets[i - 1]) {
                throw new IllegalArgumentException("metric family '" + name
                        + "': buckets must be finite and strictly ascending, got " + Arrays.toString(buckets));
            }
        }
    }

    /** Every series' current state, in creation order. */
    public synchronized List<CustomMetric.Snapshot> snapshot() {
        List<CustomMetric.Snapshot> out = new ArrayList<>(metrics.size());
        metrics.values().forEach(metric -> out.add(metric.snapshot()));
        return out;
    }
}
