package io.infergate.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomMetricsTest {
    private final CustomMetrics registry = new CustomMetrics();
    private final Object first = new Object();
    private final Object second = new Object();

    @Test
    void histogramCountsObservationsIntoCumulativeBuckets() {
        CustomMetric histogram = registry.family(first, "sizes", "", MetricKind.HISTOGRAM)
                .metric(Map.of(), new double[] {1, 10});
        List.of(0.5, 1.0, 7.0, 50.0).forEach(histogram::observe);
        CustomMetric.Snapshot snapshot = histogram.snapshot();
        assertArrayEquals(new long[] {2, 3}, snapshot.cumulativeCounts());
        assertEquals(4, snapshot.count());
        assertEquals(58.5, snapshot.value());
    }

    @Test
    void aFamilyStaysUntilItsLastOwnerIsReleased() {
        CustomMetricFamily family = registry.family(first, "shared", "", MetricKind.GAUGE);
        assertSame(family, registry.family(second, "shared", "", MetricKind.GAUGE));
        registry.release(first);
        assertEquals(List.of(family), registry.families());
        registry.release(second);
        assertEquals(List.of(), registry.families());
    }

    @Test
    void aNameTakenByAnotherKindIsRefused() {
        registry.family(first, "taken", "", MetricKind.COUNTER);
        assertThrows(IllegalArgumentException.class, () -> registry.family(second, "taken", "", MetricKind.GAUGE));
    }

    @Test
    void aCounterDoesNotDecrease() {
        CustomMetric counter = registry.family(first, "count", "", MetricKind.COUNTER).metric(Map.of(), new double[0]);
        assertThrows(IllegalArgumentException.class, () -> counter.increment(-1));
    }
}
