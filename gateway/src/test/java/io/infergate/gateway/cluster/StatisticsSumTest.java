package io.infergate.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.api.ModelStatistics.BatchStatistics;
import io.infergate.engine.api.ModelStatistics.Duration;
import io.infergate.engine.api.ModelStatistics.Failures;
import io.infergate.engine.api.ModelStatistics.InferenceStatistics;
import io.infergate.engine.api.ModelStatistics.Latencies;
import io.infergate.engine.api.ModelStatistics.LatencyDistribution;
import io.infergate.engine.api.ModelStatistics.ResponseStatistics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatisticsSumTest {

    /** Statistics of one worker whose every counter is {@code n}, with executions of batch sizes given. */
    static ModelStatistics worker(long n, long lastInference, long... batchSizes) {
        Duration d = new Duration(n, n * 1000);
        LatencyDistribution latency = new LatencyDistribution(new double[] {100, 1000}, new long[] {n, 2 * n}, 3 * n,
                n * 5000);
        List<BatchStatistics> batches = java.util.Arrays.stream(batchSizes)
                .mapToObj(size -> new BatchStatistics(size, d, d, d)).toList();
        return new ModelStatistics("m", "1", lastInference, n, n, n, new InferenceStatistics(d, d, d, d, d, d, d, d),
                batches, new Failures(n, n, n, n), new Latencies(latency, latency, latency, latency, latency),
                Map.of(0, new ResponseStatistics(d, d, d, d, d, d)), List.of(), n);
    }

    @Test
    void countsDurationsAndHistogramsAddUp() {
        ModelStatistics sum = StatisticsSum.of(List.of(worker(2, 10, 1), worker(3, 30, 1, 4)));
        assertEquals(5, sum.inferenceCount());
        assertEquals(5, sum.pendingRequests());
        assertEquals(30, sum.lastInference());
        assertEquals(new Duration(5, 5000), sum.inference().success());
        assertEquals(new Failures(5, 5, 5, 5), sum.failures());
        assertArrayEquals(new long[] {5, 10}, sum.latencies().request().counts());
        assertEquals(15, sum.latencies().queue().count());
    }

    @Test
    void responseStatisticsAddUpPerResponseIndex() {
        ModelStatistics sum = StatisticsSum.of(List.of(worker(2, 0), worker(3, 0)));
        assertEquals(List.of(0), List.copyOf(sum.responses().keySet()));
        assertEquals(new Duration(5, 5000), sum.responses().get(0).success());
        assertEquals(new Duration(5, 5000), sum.responses().get(0).emptyResponse());
    }

    @Test
    void batchSizesMergeInAscendingOrder() {
        ModelStatistics sum = StatisticsSum.of(List.of(worker(1, 0, 4), worker(1, 0, 1, 4)));
        assertEquals(List.of(1L, 4L), sum.batches().stream().map(BatchStatistics::batchSize).toList());
        assertEquals(new Duration(2, 2000), sum.batches().get(1).computeInfer());
    }
}
