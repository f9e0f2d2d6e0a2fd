package io.infergate.engine.metrics;

/** What a custom metric family counts, with its Prometheus type name. */
public enum MetricKind {
    COUNTER("counter"), GAUGE("gauge"), HISTOGRAM("histogram");

    private final String prometheusType;

    MetricKind(String prometheusType) {
        this.prometheusType = prometheusType;
    }

    public String prometheusType() {
        return prometheusType;
    }
}
