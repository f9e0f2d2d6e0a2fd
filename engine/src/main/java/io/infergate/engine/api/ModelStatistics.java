package io.infergate.engine.api;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cumulative statistics of one model version, as the statistics extension reports them.
 *
 * @param name            model name
 * @param version         model version
 * @param lastInference   milliseconds since the epoch of the last inference, 0 if none
 * @param inferenceCount  inferences performed (a batch of n counts n)
 * @param executionCount  backend executions
 * @param pendingRequests requests received and not yet answered
 * @param inference       request-level durations
 * @param batches         per batch size execution durations, ascending by size
 * @param failures        failed requests by reason (they add up to inference.fail().count())
 * @param latencies       distributions of successful requests' durations, for quantiles and histograms
 * @param responses       per response index (the n-th response of a request, from 0) of a decoupled
 *                        model, Triton's response_stats, ascending by index; empty for other models
 * @param memoryUsage     memory the version holds as Triton's memory_usage reports it; empty where
 *                        nothing is measured (every backend here runs on the CPU and reports none)
 * @param loadNanos       how long the version took to load, from the start of its model's load
 *                        (configuration, instances, warmup) until it was ready; Triton's
 *                        nv_model_load_duration_secs
 */
public record ModelStatistics(String name, String version, long lastInference, long inferenceCount,
        long executionCount, long pendingRequests, InferenceStatistics inference, List<BatchStatistics> batches,
        Failures failures, Latencies latencies, Map<Integer, ResponseStatistics> responses,
        List<MemoryUsage> memoryUsage, long loadNanos) {

    public ModelStatistics {
        batches = List.copyOf(batches);
        responses = Collections.unmodifiableSortedMap(new TreeMap<>(responses));
        memoryUsage = List.copyOf(memoryUsage);
    }

    /**
     * Triton's response statistics of one response index.
     *
     * @param computeInfer  time to compute the response (since the execution started, or since the previous response)
     * @param computeOutput time to assemble its outputs
     * @param success       responses sent, with their compute_infer + compute_output time
     * @param fail          requests that failed at this index, with the time since the previous response
     * @param emptyResponse final flags sent without a response at this index, with the time since the previous one
     * @param cancel        requests cancelled at this index
     */
    public record ResponseStatistics(Duration computeInfer, Duration computeOutput, Duration success, Duration fail,
            Duration emptyResponse, Duration cancel) {
    }

    /**
     * Triton's memory_usage entry.
     *
     * @param type     CPU, CPU_PINNED or GPU
     * @param id       the device id
     * @param byteSize bytes held
     */
    public record MemoryUsage(String type, long id, long byteSize) {
    }

    /** Latency distributions of successful requests: whole request, queue, and the three compute phases. */
    public record Latencies(LatencyDistribution request, LatencyDistribution queue, LatencyDistribution computeInput,
            LatencyDistribution computeInfer, LatencyDistribution computeOutput) {
    }

    /**
     * A latency histogram: {@code counts[i]} events took at most {@code upperBoundsMicros[i]} and
     * more than the previous bound.
     *
     * @param upperBoundsMicros bucket upper bounds in microseconds, ascending
     * @param counts            events per bucket
     * @param count             all events
     * @param sumNanos          their summed duration
     */
    public record LatencyDistribution(double[] upperBoundsMicros, long[] counts, long count, long sumNanos) {

        /** The q-quantile (0..1) in microseconds, the upper bound of its bucket; 0 without events. */
        public double quantileMicros(double q) {
            if (count == 0) {
                return 0;
            }
            long rank = (long) Math.ceil(q * count);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= Math.max(1, rank)) {
                    return upperBoundsMicros[i];
                }
            }
            return upperBoundsMicros[upperBoundsMicros.length - 1];
        }

        /** Events that took at most {@code micros}, counting whole buckets (a slight overestimate). */
        public long countAtMostMicros(double micros) {
            long seen = 0;
            for (int i = 0; i < counts.length && upperBoundsMicros[i] <= micros; i++) {
                seen += counts[i];
            }
            return seen;
        }
    }

    /** Failed requests by Triton's reasons: REJECTED, CANCELED, BACKEND, OTHER. */
    public record Failures(long rejected, long canceled, long backend, long other) {
    }

    /** A count of events and the nanoseconds they took together. */
    public record Duration(long count, long ns) {
        public static final Duration ZERO = new Duration(0, 0);
    }

    /** Triton's inference_stats fields. */
    public record InferenceStatistics(Duration success, Duration fail, Duration queue, Duration computeInput,
            Duration computeInfer, Duration computeOutput, Duration cacheHit, Duration cacheMiss) {
    }

    /** Triton's batch_stats entry for one batch size. */
    public record BatchStatistics(long batchSize, Duration computeInput, Duration computeInfer,
            Duration computeOutput) {
    }
}
