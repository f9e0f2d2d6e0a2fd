package io.infergate.gateway.metrics;

import io.infergate.engine.api.ModelStatistics;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Renders Triton's per-model families in the Prometheus text format (version 0.0.4). Rendered by
 * hand because Micrometer would append {@code _total} to counter names, and Triton's have none.
 */
public final class TritonMetricsText {
    private static final long NANOS_PER_MICRO = 1_000;

    private record Family(String name, String type, String help, ToLongFunction<ModelStatistics> value) {
    }

    private static final List<Family> FAMILIES = List.of(
            counter("nv_inference_request_success", "Number of successful inference requests, all batch sizes",
                    s -> s.inference().success().count()),
            counter("nv_inference_request_failure", "Number of failed inference requests, all batch sizes",
                    s -> s.inference().fail().count()),
            counter("nv_inference_count", "Number of inferences performed (does not include cached requests)",
                    ModelStatistics::inferenceCount),
            counter("nv_inference_exec_count",
                    "Number of model executions performed (does not include cached requests)",
                    ModelStatistics::executionCount),
            counter("nv_inference_request_duration_us",
                    "Cumulative inference request duration in microseconds (includes cached requests)",
                    s -> micros(s.inference().success().ns())),
            counter("nv_inference_queue_duration_us",
                    "Cumulative inference queuing duration in microseconds (includes cached requests)",
                    s -> micros(s.inference().queue().ns())),
            counter("nv_inference_compute_input_duration_us",
                    "Cumulative compute input duration in microseconds (does not include cached requests)",
                    s -> micros(s.inference().computeInput().ns())),
            counter("nv_inference_compute_infer_duration_us",
                    "Cumulative compute inference duration in microseconds (does not include cached requests)",
                    s -> micros(s.inference().computeInfer().ns())),
            counter("nv_inference_compute_output_duration_us",
                    "Cumulative inference compute output duration in microseconds (does not include cached requests)",
                    s -> micros(s.inference().computeOutput().ns())),
            new Family("nv_inference_pending_request_count", "gauge",
                    "Instantaneous number of pending requests awaiting execution per-model.",
                    ModelStatistics::pendingRequests));

    private TritonMetricsText() {
    }

    /** Every family, with one sample per model version; families are listed even with no models. */
    public static String render(List<ModelStatistics> statistics) {
        StringBuilder text = new StringBuilder();
        for (Family family : FAMILIES) {
            text.append("# HELP ").append(family.name()).append(' ').append(family.help()).append('\n')
                    .append("# TYPE ").append(family.name()).append(' ').append(family.type()).append('\n');
            for (ModelStatistics model : statistics) {
                text.append(family.name())
                        .append("{model=\"").append(escapeLabelValue(model.name()))
                        .append("\",version=\"").append(escapeLabelValue(model.version()))
                        .append("\"} ").append(family.value().applyAsLong(model)).append('\n');
            }
        }
        return text.toString();
    }

    /** Label values escape backslash, double quote and line feed, as the text format requires. */
    static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static Family counter(String name, String help, ToLongFunction<ModelStatistics> value) {
        return new Family(name, "counter", help, value);
    }

    private static long micros(long nanos) {
        return nanos / NANOS_PER_MICRO;
    }
}
