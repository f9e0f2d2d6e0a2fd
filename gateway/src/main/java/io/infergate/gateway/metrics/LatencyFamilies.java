package io.infergate.gateway.metrics;

import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.api.ModelStatistics.LatencyDistribution;
import io.infergate.engine.api.ModelStatistics.Latencies;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The optional latency families of tritonserver's --metrics-config: summaries with quantiles
 * (summary_latencies) and the first-response histogram (histogram_latencies), both computed at
 * scrape time from the engine's always-on latency histograms.
 */
final class LatencyFamilies {
    /** tritonserver's default buckets of nv_inference_first_response_histogram_ms. */
    static final double[] FIRST_RESPONSE_BUCKETS_MS = {100, 500, 2000, 5000};

    private record Summary(String name, String help, Function<Latencies, LatencyDistribution> distribution) {
    }

    private static final List<Summary> SUMMARIES = List.of(
            new Summary("nv_inference_request_summary_us", "Summary of inference request duration in microseconds",
                    Latencies::request),
            new Summary("nv_inference_queue_summary_us", "Summary of inference queuing duration in microseconds",
                    Latencies::queue),
            new Summary("nv_inference_compute_input_summary_us",
                    "Summary of compute input duration in microseconds", Latencies::computeInput),
            new Summary("nv_inference_compute_infer_summary_us",
                    "Summary of compute inference duration in microseconds", Latencies::computeInfer),
            new Summary("nv_inference_compute_output_summary_us",
                    "Summary of inference compute output duration in microseconds", Latencies::computeOutput));

    private LatencyFamilies() {
    }

    static void summaries(StringBuilder text, List<ModelStatistics> statistics, List<Double> quantiles) {
        for (Summary summary : SUMMARIES) {
            TritonMetricsText.header(text, summary.name(), "summary", summary.help());
            for (ModelStatistics model : statistics) {
                LatencyDistribution distribution = summary.distribution().apply(model.latencies());
                for (double q : quantiles) {
                    TritonMetricsText.sample(text, summary.name(), model, ",quantile=\"" + number(q) + "\"",
                            number(distribution.quantileMicros(q)));
                }
                TritonMetricsText.sample(text, summary.name() + "_sum", model, "", distribution.sumNanos() / 1000);
                TritonMetricsText.sample(text, summary.name() + "_count", model, "", distribution.count());
            }
        }
    }

    static void firstResponseHistogram(StringBuilder text, List<ModelStatistics> statistics) {
        String name = "nv_inference_first_response_histogram_ms";
        TritonMetricsText.header(text, name, "histogram", "Duration from request to first response in milliseconds");
        for (ModelStatistics model : statistics) {
            LatencyDistribution distribution = model.latencies().request();
            for (double bound : FIRST_RESPONSE_BUCKETS_MS) {
                TritonMetricsText.sample(text, name + "_bucket", model, ",le=\"" + number(bound) + "\"",
                        distribution.countAtMostMicros(bound * 1000));
            }
            TritonMetricsText.sample(text, name + "_bucket", model, ",le=\"+Inf\"", distribution.count());
            TritonMetricsText.sample(text, name + "_sum", model, "", distribution.sumNanos() / 1_000_000);
            TritonMetricsText.sample(text, name + "_count", model, "", distribution.count());
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value);
    }
}
