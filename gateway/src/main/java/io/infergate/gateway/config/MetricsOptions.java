package io.infergate.gateway.config;

import java.util.ArrayList;
import java.util.List;

/**
 * What the metrics endpoint exposes beyond Triton's counters, from tritonserver's
 * {@code --metrics-config} keys and {@code --metrics-interval-ms}.
 *
 * @param histogramLatencies expose nv_inference_first_response_histogram_ms
 * @param summaryLatencies   expose the *_summary_us families with quantiles
 * @param summaryQuantiles   the quantiles those summaries report
 * @param intervalMs         how often CPU utilization and memory are sampled (0 = never)
 * @param cacheFamilies      expose the response cache's per-model families (the server has a cache)
 */
public record MetricsOptions(boolean histogramLatencies, boolean summaryLatencies, List<Double> summaryQuantiles,
        int intervalMs, boolean cacheFamilies) {

    public static final List<Double> DEFAULT_QUANTILES = List.of(0.5, 0.9, 0.95, 0.99);

    public MetricsOptions {
        summaryQuantiles = List.copyOf(summaryQuantiles);
    }

    /** Parses key=value entries; unknown keys and bad values stop start-up naming them. */
    public static MetricsOptions parse(List<String> entries, int intervalMs) {
        boolean histograms = false;
        boolean summaries = false;
        List<Double> quantiles = DEFAULT_QUANTILES;
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals < 0) {
                throw new ConfigException("--metrics-config '" + entry + "' is not key=value");
            }
            String key = entry.substring(0, equals).strip();
            String value = entry.substring(equals + 1).strip();
            switch (key) {
                case "histogram_latencies" -> histograms = bool(key, value);
                case "summary_latencies" -> summaries = bool(key, value);
                case "summary_quantiles" -> quantiles = quantiles(value);
                default -> throw new ConfigException("--metrics-config has unknown key '" + key
                        + "' (known: histogram_latencies, summary_latencies, summary_quantiles)");
            }
        }
        return new MetricsOptions(histograms, summaries, quantiles, intervalMs, false);
    }

    /** These options, with or without the response cache's families. */
    public MetricsOptions withCacheFamilies(boolean cache) {
        return new MetricsOptions(histogramLatencies, summaryLatencies, summaryQuantiles, intervalMs, cache);
    }

    private static boolean bool(String key, String value) {
        return switch (value) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new ConfigException("--metrics-config " + key + "='" + value + "' is not true or false");
        };
    }

    /** "0.5:0.05,0.9:0.01": quantile, then tritonserver's allowed error, which is not needed here. */
    private static List<Double> quantiles(String value) {
        List<Double> quantiles = new ArrayList<>();
        for (String part : value.split(",")) {
            String quantile = part.split(":", 2)[0].strip();
            try {
                double q = Double.parseDouble(quantile);
                if (q <= 0 || q >= 1) {
                    throw new NumberFormatException();
                }
                quantiles.add(q);
            } catch (NumberFormatException e) {
                throw new ConfigException("--metrics-config summary_quantiles has '" + quantile
                        + "', which is not a quantile between 0 and 1");
            }
        }
        return quantiles;
    }
}
