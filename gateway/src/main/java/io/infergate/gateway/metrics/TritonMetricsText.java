package io.infergate.gateway.metrics;

import io.infergate.engine.api.ModelStatistics;
import io.infergate.gateway.config.MetricsOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Renders Triton's per-model families in the Prometheus text format (version 0.0.4). Rendered by
 * hand because Micrometer would append {@code _total} to counter names, and Triton's have none.
 */
public final class TritonMetricsText {
    private static final long NANOS_PER_MICRO = 1_000;
    private static final double NANOS_PER_SECOND = 1e9;

    private record Family(String name, String type, String help, ToLongFunction<ModelStatistics> value) {
    }

    private static final List<Family> FAMILIES = List.of(
            counter("nv_inference_request_success", "Number of successful inference requests, all batch sizes",
                    s -> s.inference().success().count()),
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

    /** Triton's per-model response cache families, listed when the server has a cache. */
    private static final List<Family> CACHE_FAMILIES = List.of(
            counter("nv_cache_num_hits_per_model", "Number of cache hits per model",
                    s -> s.inference().cacheHit().count()),
            counter("nv_cache_num_misses_per_model", "Number of cache misses per model",
                    s -> s.inference().cacheMiss().count()),
            counter("nv_cache_hit_duration_per_model", "Total cache hit duration per model, in microseconds",
                    s -> micros(s.inference().cacheHit().ns())),
            counter("nv_cache_miss_duration_per_model",
                    "Total cache miss (insert+lookup) duration per model, in microseconds",
                    s -> micros(s.inference().cacheMiss().ns())));

    private TritonMetricsText() {
    }

    /** Failure counts by Triton's reasons. */
    private static final Map<String, ToLongFunction<ModelStatistics>> FAILURE_REASONS = new LinkedHashMap<>();

    static {
        FAILURE_REASONS.put("REJECTED", s -> s.failures().rejected());
        FAILURE_REASONS.put("CANCELED", s -> s.failures().canceled());
        FAILURE_REASONS.put("BACKEND", s -> s.failures().backend());
        FAILURE_REASONS.put("OTHER", s -> s.failures().other());
    }

    /**
     * Every family, with one sample per model version (families are listed even with no models),
     * then the latency summaries and histogram the options ask for.
     */
    public static String render(List<ModelStatistics> statistics, MetricsOptions options) {
        StringBuilder text = new StringBuilder();
        families(text, FAMILIES, statistics);
        if (options.cacheFamilies()) {
            families(text, CACHE_FAMILIES, statistics);
        }
        header(text, "nv_inference_request_failure", "counter",
                "Number of failed inference requests, all batch sizes");
        for (ModelStatistics model : statistics) {
            FAILURE_REASONS.forEach((reason, count) -> sample(text, "nv_inference_request_failure", model,
                    ",reason=\"" + reason + "\"", count.applyAsLong(model)));
        }
        header(text, "nv_model_load_duration_secs", "gauge", "Model load time in seconds");
        for (ModelStatistics model : statistics) {
            sample(text, "nv_model_load_duration_secs", model, "", model.loadNanos() / NANOS_PER_SECOND);
        }
        if (options.summaryLatencies()) {
            LatencyFamilies.summaries(text, statistics, options.summaryQuantiles());
        }
        if (options.histogramLatencies()) {
            LatencyFamilies.firstResponseHistogram(text, statistics);
        }
        return text.toString();
    }

    private static void families(StringBuilder text, List<Family> families, List<ModelStatistics> statistics) {
        for (Family family : families) {
            header(text, family.name(), family.type(), family.help());
            for (ModelStatistics model : statistics) {
                sample(text, family.name(), model, "", family.value().applyAsLong(model));
            }
        }
    }

    static void header(StringBuilder text, String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** One sample line: name{model="..",version=".."<extra labels>} value. */
    static void sample(StringBuilder text, String name, ModelStatistics model, String extraLabels, Object value) {
        text.append(name)
                .append("{model=\"").append(escapeLabelValue(model.name()))
                .append("\",version=\"").append(escapeLabelValue(model.version())).append('"')
                .append(extraLabels).append("} ").append(value).append('\n');
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
