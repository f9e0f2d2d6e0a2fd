package io.infergate.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.ModelStatistics;
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

    private static ModelStatistics statistics(String name, String version) {
        InferenceStatistics inference = new InferenceStatistics(new Duration(3, 9_000_000), new Duration(1, 5_000),
                new Duration(3, 2_500), new Duration(3, 1_000), new Duration(3, 4_000_999), new Duration(3, 999),
                Duration.ZERO, Duration.ZERO);
        return new ModelStatistics(name, version, 0, 6, 2, 4, inference, List.of(),
                new ModelStatistics.Failures(0, 0, 0, 1), null);
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }

    @Test
    void everyTritonFamilyHasHelpAndTypeWithoutTotalSuffix() {
        String text = TritonMetricsText.render(List.of());
        for (String family : FAMILIES) {
            assertTrue(text.contains("# HELP " + family + " "), family);
            String type = family.equals("nv_inference_pending_request_count") ? "gauge" : "counter";
            assertTrue(lines(text).contains("# TYPE " + family + " " + type), family);
        }
        assertTrue(!text.contains("_total"));
    }

    @Test
    void helpTextsAreTritons() {
        assertTrue(lines(TritonMetricsText.render(List.of())).contains(
                "# HELP nv_inference_request_success Number of successful inference requests, all batch sizes"));
    }

    @Test
    void countersAreLabelledWithModelAndVersion() {
        List<String> lines = lines(TritonMetricsText.render(List.of(statistics("simple", "1"))));
        assertTrue(lines.contains("nv_inference_request_success{model=\"simple\",version=\"1\"} 3"));
        assertTrue(lines.contains("nv_inference_request_failure{model=\"simple\",version=\"1\"} 1"));
        assertTrue(lines.contains("nv_inference_count{model=\"simple\",version=\"1\"} 6"));
        assertTrue(lines.contains("nv_inference_exec_count{model=\"simple\",version=\"1\"} 2"));
        assertTrue(lines.contains("nv_inference_pending_request_count{model=\"simple\",version=\"1\"} 4"));
    }

    @Test
    void durationsAreWholeMicroseconds() {
        List<String> lines = lines(TritonMetricsText.render(List.of(statistics("m", "1"))));
        assertTrue(lines.contains("nv_inference_request_duration_us{model=\"m\",version=\"1\"} 9000"));
        assertTrue(lines.contains("nv_inference_queue_duration_us{model=\"m\",version=\"1\"} 2"));
        assertTrue(lines.contains("nv_inference_compute_input_duration_us{model=\"m\",version=\"1\"} 1"));
        assertTrue(lines.contains("nv_inference_compute_infer_duration_us{model=\"m\",version=\"1\"} 4000"));
        assertTrue(lines.contains("nv_inference_compute_output_duration_us{model=\"m\",version=\"1\"} 0"));
    }

    @Test
    void oneSamplePerModelVersion() {
        String text = TritonMetricsText.render(List.of(statistics("a", "1"), statistics("a", "2")));
        assertEquals(2, lines(text).stream().filter(line -> line.startsWith("nv_inference_count{")).count());
    }

    @Test
    void labelValuesAreEscaped() {
        String text = TritonMetricsText.render(List.of(statistics("we\"ird\\na\nme", "1")));
        assertTrue(text.contains("nv_inference_count{model=\"we\\\"ird\\\\na\\nme\",version=\"1\"} 6\n"), text);
    }

    @Test
    void escapingLeavesPlainNamesAlone() {
        assertEquals("ppocr_det", TritonMetricsText.escapeLabelValue("ppocr_det"));
    }
}
