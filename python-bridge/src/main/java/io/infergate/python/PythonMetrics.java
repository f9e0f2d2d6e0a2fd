package io.infergate.python;

import io.infergate.engine.metrics.CustomMetric;
import io.infergate.engine.metrics.CustomMetricFamily;
import io.infergate.engine.metrics.CustomMetrics;
import io.infergate.engine.metrics.MetricKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.graalvm.polyglot.HostAccess;

/**
 * pb_utils.MetricFamily and Metric as Python reaches them: families registered in the process's
 * {@link CustomMetrics} on behalf of one context (or one CPython stub), released when it closes. A Java
 * exception cannot be caught in the model's Python code, so what the registry refuses (invalid
 * names, labels, buckets, updates) comes back as a message, which pb_utils raises as
 * TritonModelException.
 */
public final class PythonMetrics {
    private final CustomMetrics registry;

    public PythonMetrics(CustomMetrics registry) {
        this.registry = registry;
    }

    /**
     * @param kind pb_utils.MetricFamily.COUNTER (0), GAUGE (1) or HISTOGRAM (2)
     * @return the family, or a String saying why it was refused
     */
    public Object family(String name, String description, int kind) {
        MetricKind[] kinds = MetricKind.values();
        if (kind < 0 || kind >= kinds.length) {
            return "unknown metric kind " + kind;
        }
        return outcome(() -> new Family(registry.family(this, name, description, kinds[kind])));
    }

    /** Drops this context's hold on its families. */
    public void release() {
        registry.release(this);
    }

    /** The supplier's result, or the message of the IllegalArgumentException it threw. */
    private static Object outcome(Supplier<Object> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * What wraps one of the registry's objects: equal to every other wrapper of the same object,
     * so that a CPython stub holds one handle per family or series.
     */
    abstract static class Wrapper {
        private final Object wrapped;

        Wrapper(Object wrapped) {
            this.wrapped = wrapped;
        }

        @Override
        public final boolean equals(Object other) {
            return other != null && other.getClass() == getClass() && ((Wrapper) other).wrapped == wrapped;
        }

        @Override
        public final int hashCode() {
            return System.identityHashCode(wrapped);
        }
    }

    /** One family, as pb_utils.MetricFamily holds it. */
    public static final class Family extends Wrapper {
        private final CustomMetricFamily family;

        Family(CustomMetricFamily family) {
            super(family);
            this.family = family;
        }

        /**
         * The series with these labels.
         *
         * @param labels  (name, value) pairs of strings
         * @param buckets a histogram's bucket bounds; empty for other kinds
         * @return the series, or a String saying why it was refused
         */
        @HostAccess.Export
        public Object metric(List<List<String>> labels, List<Number> buckets) {
            Map<String, String> byName = new HashMap<>();
            for (List<String> label : labels) {
                byName.put(label.get(0), label.get(1));
            }
            return metric(byName, buckets.stream().mapToDouble(Number::doubleValue).toArray());
        }

        /** The series with these labels and (for a histogram) bucket bounds; or a String saying why it was refused. */
        public Object metric(Map<String, String> labels, double[] buckets) {
            return outcome(() -> new Series(family.metric(labels, buckets)));
        }
    }

    /** One series, as pb_utils.Metric holds it; each call returns null, or why it was refused. */
    public static final class Series extends Wrapper {
        private final CustomMetric metric;

        Series(CustomMetric metric) {
            super(metric);
            this.metric = metric;
        }

        @HostAccess.Export
        public Object increment(double delta) {
            return outcome(() -> {
                metric.increment(delta);
                return null;
            });
        }

        @HostAccess.Export
        public Object set(double value) {
            return outcome(() -> {
                metric.set(value);
                return null;
            });
        }

        @HostAccess.Export
        public Object observe(double value) {
            return outcome(() -> {
                metric.observe(value);
                return null;
            });
        }

        /** The value as a Double, or a String saying why there is none. */
        @HostAccess.Export
        public Object value() {
            return outcome(metric::value);
        }
    }
}
