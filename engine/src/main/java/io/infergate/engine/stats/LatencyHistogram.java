package io.infergate.engine.stats;

import io.infergate.engine.api.ModelStatistics.LatencyDistribution;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lock-free latency histogram with logarithmic buckets: four per power of two of microseconds
 * (about 19% wide), from 1 us to hours. Recording is one adder increment, so it can stay on for
 * every request; quantiles and Prometheus buckets are computed from it at scrape time.
 */
final class LatencyHistogram {
    private static final int SUB_BUCKETS_LOG2 = 2;
    private static final int BUCKETS = 64 << SUB_BUCKETS_LOG2;

    private final LongAdder[] buckets = new LongAdder[BUCKETS];
    private final LongAdder count = new LongAdder();
    private final LongAdder sumNanos = new LongAdder();

    LatencyHistogram() {
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void record(long nanos) {
        buckets[bucketOf(Math.max(0, nanos) / 1000)].increment();
        count.increment();
        sumNanos.add(nanos);
    }

    /** The bucket of a latency in microseconds: exponent and two mantissa bits. */
    static int bucketOf(long micros) {
        if (micros < 1) {
            return 0;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        int mantissa = exponent >= SUB_BUCKETS_LOG2
                ? (int) (micros >>> (exponent - SUB_BUCKETS_LOG2)) & 3
                : (int) (micros << (SUB_BUCKETS_LOG2 - exponent)) & 3;
        return Math.min(BUCKETS - 1, 1 + (exponent << SUB_BUCKETS_LOG2) + mantissa);
    }

    /** The bound, in microseconds, that every latency of a bucket stays below. */
    static double upperBoundMicros(int bucket) {
        if (bucket == 0) {
            return 1;
        }
        int exponent = (bucket - 1) >> SUB_BUCKETS_LOG2;
        int mantissa = (bucket - 1) & 3;
        return Math.scalb(4.0 + mantissa + 1, exponent - SUB_BUCKETS_LOG2);
    }

    LatencyDistribution snapshot() {
        long[] counts = new long[BUCKETS];
        int last = 0;
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = buckets[i].sum();
            if (counts[i] > 0) {
                last = i;
            }
        }
        double[] bounds = new double[last + 1];
        long[] trimmed = new long[last + 1];
        for (int i = 0; i <= last; i++) {
            bounds[i] = upperBoundMicros(i);
            trimmed[i] = counts[i];
        }
        return new LatencyDistribution(bounds, trimmed, count.sum(), sumNanos.sum());
    }
}
