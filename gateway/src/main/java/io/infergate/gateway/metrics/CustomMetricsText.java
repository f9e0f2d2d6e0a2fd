package io.infergate.gateway.metrics;

import io.infergate.engine.metrics.CustomMetric;
import io.infergate.engine.metrics.CustomMetricFamily;
import io.infergate.engine.metrics.CustomMetrics;
import io.infergate.engine.metrics.MetricKind;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the custom metric families that models define (pb_utils.MetricFamily) in the Prometheus
 * text format (version 0.0.4): HELP and TYPE lines, then one sample per series (labels sorted by
 * name); a histogram has its cumulative {@code _bucket} samples (with {@code le="+Inf"}),
 * {@code _sum} and {@code _count}.
 */
public final class CustomMetricsText {

    private CustomMetricsText() {
    }

    public static void render(StringBuilder text, CustomMetrics metrics) {
        for (CustomMetricFamily family : metrics.families()) {
            text.append("# HELP ").append(family.name()).append(' ').append(escapeHelp(family.description()))
                    .append('\n');
            text.append("# TYPE ").append(family.name()).append(' ').append(family.kind().prometheusType())
                    .append('\n');
            for (CustomMetric.Snapshot series : family.snapshot()) {
                if (family.kind() == MetricKind.HISTOGRAM) {
                    histogram(text, family.name(), series);
                } else {
                    sample(text, family.name(), series.labels(), null, series.value());
                }
            }
        }
    }

    private static void histogram(StringBuilder text, String name, CustomMetric.Snapshot series) {
        double[] bounds = series.bounds();
        for (int i = 0; i < bounds.length; i++) {
            sample(text, name + "_bucket", series.labels(), number(bounds[i]), series.cumulativeCounts()[i]);
        }
        sample(text, name + "_bucket", series.labels(), "+Inf", series.count());
        sample(text, name + "_sum", series.labels(), null, series.value());
        sample(text, name + "_count", series.labels(), null, series.count());
    }

    /** One sample line; {@code le} is a histogram bucket's bound, or null. */
    private static void sample(StringBuilder text, String name, Map<String, String> labels, String le, double value) {
        text.append(name);
        if (!labels.isEmpty() || le != null) {
            text.append('{');
            String separator = "";
            for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
                text.append(separator).append(label.getKey()).append("=\"").append(escapeLabel(label.getValue()))
                        .append('"');
                separator = ",";
            }
            if (le != null) {
                text.append(separator).append("le=\"").append(le).append('"');
            }
            text.append('}');
        }
        text.append(' ').append(number(value)).append('\n');
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabel(String value) {
        return escapeHelp(value).replace("\"", "\\\"");
    }
}
