package io.infergate.engine.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.ModelStatistics.LatencyDistribution;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void everyLatencyFallsIntoABucketWhoseBoundsHoldIt() {
        for (long micros = 1; micros < 10_000_000; micros = micros * 3 + 1) {
            int bucket = LatencyHistogram.bucketOf(micros);
            assertTrue(micros < LatencyHistogram.upperBoundMicros(bucket), micros + " above bucket " + bucket);
            assertTrue(micros >= LatencyHistogram.upperBoundMicros(bucket - 1), micros + " below bucket " + bucket);
        }
    }

    @Test
    void quantilesAreWithinABucketOfTheTruth() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) {
            histogram.record(i * 1_000L);
        }
        LatencyDistribution distribution = histogram.snapshot();
        assertEquals(1000, distribution.count());
        double p50 = distribution.quantileMicros(0.5);
        double p99 = distribution.quantileMicros(0.99);
        assertTrue(p50 >= 500 && p50 <= 500 * 1.2, "p50 " + p50);
        assertTrue(p99 >= 990 && p99 <= 990 * 1.2, "p99 " + p99);
    }

    @Test
    void countAtMostIncludesWholeBucketsOnly() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(100_000);
        histogram.record(10_000_000);
        LatencyDistribution distribution = histogram.snapshot();
        assertEquals(1, distribution.countAtMostMicros(1_000));
        assertEquals(2, distribution.countAtMostMicros(100_000));
    }

    @Test
    void emptyHistogramHasZeroQuantiles() {
        assertEquals(0, new LatencyHistogram().snapshot().quantileMicros(0.99));
    }
}
