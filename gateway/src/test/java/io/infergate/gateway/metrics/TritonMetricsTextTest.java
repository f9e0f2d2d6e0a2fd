package io.infergate.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.ModelStatistics;
import io.infergate.gateway.config.MetricsOptions;
import io.infergate.engine.api.ModelStatistics.Duration;
import io.infergate.engine.api.ModelStatistics.InferenceStatistics;
import java.util.List;
import org.junit.jupiter.api.Test;

class TritonMetricsTextTest {
    private static final List<String> FAMILIES = List.of("nv_inference_request_success",
            "nv_inference_request_failure", "nv_inference_count", "nv_inference_exec_count",
            "nv_inference_request_duration_us", "nv_inference_queue_duration_us",
            "nv_inference_compute_input_duration_us", "nv_inference_compute_infer_duration_us",
            "nv_inference_compute_output_duration_us", "nv_inference_pending_request_count");

    private static final MetricsOptions PLAIN = MetricsOptions.parse(List.of(), 0);
    private static final MetricsOptions WITH_LATENCIES = MetricsOptions.parse(
            List.of("summary_latencies=true", "histogram_latencies=true", "summary_quantiles=0.5:0.05,0.99:0.001"), 0);

    private static ModelStatistics statistics(String name, String version) {
        InferenceStatistics inference = new InferenceStatistics(new Duration(3, 9_000_000), new Duration(1, 5_000),
                new Duration(3, 2_500), new Duration(3, 1_000), new Duration(3, 4_000_999), new Duration(3, 999),
                new Duration(2, 7_500), new Duration(5, 12_000));
        return new ModelStatistics(name, version, 0, 6, 2, 4, inference, List.of(),
                new ModelStatistics.Failures(0, 0, 0, 1), latencies(), java.util.Map.of(), List.of(),
                2_500_000_000L);
    }

    /** Three requests of 1, 2 and 900 ms. */
    private static ModelStatistics.Latencies latencies() {
        ModelStatistics.LatencyDistribution request = new ModelStatistics.LatencyDistribution(
                new double[] {1024, 2048, 1_048_576}, new long[] {1, 1, 1}, 3, 903_000_000L);
        return new ModelStatistics.Latencies(request, request, request, request, request);
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }

    @Test
    void everyTritonFamilyHasHelpAndTypeWithoutTotalSuffix() {
        String text = TritonMetricsText.render(List.of(), PLAIN);
        for (String family : FAMILIES) {
            assertTrue(text.contains("# HELP " + family + " "), family);
            String type = family.equals("nv_inference_pending_request_count") ? "gauge" : "counter";
            assertTrue(lines(text).contains("# TYPE " + family + " " + type), family);
        }
        assertTrue(!text.contains("_total"));
    }

    @Test
    void helpTextsAreTritons() {
        assertTrue(lines(TritonMetricsText.render(List.of(), PLAIN)).contains(
                "# HELP nv_inference_request_success Number of successful inference requests, all batch sizes"));
    }

    @Test
    void countersAreLabelledWithModelAndVersion() {
        List<String> lines = lines(TritonMetricsText.render(List.of(statistics("simple", "1")), PLAIN));
        assertTrue(lines.contains("nv_inference_request_success{model=\"simple\",version=\"1\"} 3"));
        assertTrue(lines.contains("nv_inference_request_failure{model=\"simple\",version=\"1\",reason=\"OTHER\"} 1"));
        assertTrue(lines.contains("nv_inference_request_failure{model=\"simple\",version=\"1\",reason=\"REJECTED\"} 0"));
        assertTrue(lines.contains("nv_inference_count{model=\"simple\",version=\"1\"} 6"));
        assertTrue(lines.contains("nv_inference_exec_count{model=\"simple\",version=\"1\"} 2"));
        assertTrue(lines.contains("nv_inference_pending_request_count{model=\"simple\",version=\"1\"} 4"));
    }

    @Test
    void loadDurationIsAGaugeInSecondsPerModelVersionAsTritons() {
        List<String> lines = lines(TritonMetricsText.render(List.of(statistics("m", "1")), PLAIN));
        assertTrue(lines.contains("# HELP nv_model_load_duration_secs Model load time in seconds"));
        assertTrue(lines.contains("# TYPE nv_model_load_duration_secs gauge"));
        assertTrue(lines.contains("nv_model_load_duration_secs{model=\"m\",version=\"1\"} 2.5"));
    }

    @Test
    void cacheFamiliesAreListedOnlyWhenTheServerHasACache() {
        assertFalse(TritonMetricsText.render(List.of(statistics("m", "1")), PLAIN).contains("nv_cache_"));

        List<String> lines = lines(TritonMetricsText.render(List.of(statistics("m", "1")),
                PLAIN.withCacheFamilies(true)));

        assertTrue(lines.contains("# TYPE nv_cache_num_hits_per_model counter"));
        assertTrue(lines.contains("nv_cache_num_hits_per_model{model=\"m\",version=\"1\"} 2"));
        assertTrue(lines.contains("nv_cache_num_misses_per_model{model=\"m\",version=\"1\"} 5"));
        assertTrue(lines.contains("nv_cache_hit_duration_per_model{model=\"m\",version=\"1\"} 7"));
        assertTrue(lines.contains("nv_cache_miss_duration_per_model{model=\"m\",version=\"1\"} 12"));
    }

    @Test
    void durationsAreWholeMicroseconds() {
        List<String> lines = lines(TritonMetricsText.render(List.of(statistics("m", "1")), PLAIN));
        assertTrue(lines.contains("nv_inference_request_duration_us{model=\"m\",version=\"1\"} 9000"));
        assertTrue(lines.contains("nv_inference_queue_duration_us{model=\"m\",version=\"1\"} 2"));
        assertTrue(lines.contains("nv_inference_compute_input_duration_us{model=\"m\",version=\"1\"} 1"));
        assertTrue(lines.contains("nv_inference_compute_infer_duration_us{model=\"m\",version=\"1\"} 4000"));
        assertTrue(lines.contains("nv_inference_compute_output_duration_us{model=\"m\",version=\"1\"} 0"));
    }

    @Test
    void oneSamplePerModelVersion() {
        String text = TritonMetricsText.render(List.of(statistics("a", "1"), statistics("a", "2")), PLAIN);
        assertEquals(2, lines(text).stream().filter(line -> line.startsWith("nv_inference_count{")).count());
    }

    @Test
    void labelValuesAreEscaped() {
        String text = TritonMetricsText.render(List.of(statistics("we\"ird\\na\nme", "1")), PLAIN);
        assertTrue(text.contains("nv_inference_count{model=\"we\\\"ird\\\\na\\nme\",version=\"1\"} 6\n"), text);
    }

    @Test
    void summariesReportTheConfiguredQuantilesSumAndCount() {
        List<String> lines = lines(TritonMetricsText.render(List.of(statistics("m", "1")), WITH_LATENCIES));
        assertTrue(lines.contains("# TYPE nv_inference_request_summary_us summary"));
        assertTrue(lines.contains("nv_inference_request_summary_us{model=\"m\",version=\"1\",quantile=\"0.5\"} 2048"));
        assertTrue(lines.contains("nv_inference_request_summary_us_count{model=\"m\",version=\"1\"} 3"));
        assertTrue(lines.contains("nv_inference_queue_summary_us_sum{model=\"m\",version=\"1\"} 903000"));
    }

    @Test
    void firstResponseHistogramHasCumulativeBuckets() {
        List<String> lines = lines(TritonMetricsText.render(List.of(statistics("m", "1")), WITH_LATENCIES));
        assertTrue(lines.contains("nv_inference_first_response_histogram_ms_bucket{model=\"m\",version=\"1\",le=\"100\"} 2"));
        assertTrue(lines.contains("nv_inference_first_response_histogram_ms_bucket{model=\"m\",version=\"1\",le=\"5000\"} 3"));
        assertTrue(lines.contains("nv_inference_first_response_histogram_ms_bucket{model=\"m\",version=\"1\",le=\"+Inf\"} 3"));
    }

    @Test
    void latencyFamiliesAreOffByDefault() {
        String text = TritonMetricsText.render(List.of(statistics("m", "1")), PLAIN);
        assertFalse(text.contains("summary_us"));
        assertFalse(text.contains("histogram_ms"));
    }

    @Test
    void escapingLeavesPlainNamesAlone() {
        assertEquals("ppocr_det", TritonMetricsText.escapeLabelValue("ppocr_det"));
    }
}
