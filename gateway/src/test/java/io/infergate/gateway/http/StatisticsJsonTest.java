package io.infergate.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.api.ModelStatistics.Duration;
import io.infergate.engine.api.ModelStatistics.Failures;
import io.infergate.engine.api.ModelStatistics.InferenceStatistics;
import io.infergate.engine.api.ModelStatistics.Latencies;
import io.infergate.engine.api.ModelStatistics.LatencyDistribution;
import io.infergate.engine.api.ModelStatistics.MemoryUsage;
import io.infergate.engine.api.ModelStatistics.ResponseStatistics;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatisticsJsonTest {
    private static final Duration NONE = Duration.ZERO;

    private static ModelStatistics withResponses(Map<Integer, ResponseStatistics> responses, List<MemoryUsage> memory) {
        LatencyDistribution empty = new LatencyDistribution(new double[] {1}, new long[] {0}, 0, 0);
        return new ModelStatistics("m", "1", 0, 0, 0, 0,
                new InferenceStatistics(NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE), List.of(),
                new Failures(0, 0, 0, 0), new Latencies(empty, empty, empty, empty, empty), responses, memory, 0);
    }

    @Test
    void responseStatsAreKeyedByResponseIndexWithTritonsSixDurations() {
        ResponseStatistics first = new ResponseStatistics(new Duration(1, 10), new Duration(1, 2), new Duration(1, 12),
                new Duration(0, 0), new Duration(0, 0), new Duration(0, 0));
        ResponseStatistics second = new ResponseStatistics(NONE, NONE, NONE, new Duration(1, 5), new Duration(2, 7),
                new Duration(3, 9));
        JsonObject json = StatisticsJson.model(withResponses(Map.of(0, first, 1, second), List.of()));
        assertEquals(new JsonObject("""
                {"0": {"compute_infer": {"count": 1, "ns": 10}, "compute_output": {"count": 1, "ns": 2},
                       "success": {"count": 1, "ns": 12}, "fail": {"count": 0, "ns": 0},
                       "empty_response": {"count": 0, "ns": 0}, "cancel": {"count": 0, "ns": 0}},
                 "1": {"compute_infer": {"count": 0, "ns": 0}, "compute_output": {"count": 0, "ns": 0},
                       "success": {"count": 0, "ns": 0}, "fail": {"count": 1, "ns": 5},
                       "empty_response": {"count": 2, "ns": 7}, "cancel": {"count": 3, "ns": 9}}}"""),
                json.getJsonObject("response_stats"));
    }

    @Test
    void memoryUsageListsTypeIdAndByteSize() {
        JsonObject json = StatisticsJson.model(withResponses(Map.of(), List.of(new MemoryUsage("CPU", 0, 4096))));
        assertEquals(new JsonObject("{\"type\": \"CPU\", \"id\": 0, \"byte_size\": 4096}"),
                json.getJsonArray("memory_usage").getJsonObject(0));
    }
}
