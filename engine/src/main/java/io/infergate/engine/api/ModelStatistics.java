package io.infergate.engine.api;

import java.util.List;

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
 */
public record ModelStatistics(String name, String version, long lastInference, long inferenceCount,
        long executionCount, long pendingRequests, InferenceStatistics inference, List<BatchStatistics> batches,
        Failures failures) {

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
