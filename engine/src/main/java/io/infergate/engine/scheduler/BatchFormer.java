package io.infergate.engine.scheduler;

import io.infergate.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Triton's dynamic batcher decision: which queued requests run together next, or how long to
 * wait for more. Requests join in serving order while their shapes agree and the batch fits
 * max_batch_size; a batch goes when it is full, when it reaches the largest preferred size it
 * can, when no more requests could join, or when its oldest request has waited
 * max_queue_delay_microseconds. Without dynamic batching every request runs alone.
 */
final class BatchFormer {
    /** What to do now: run {@code requests}, or wait until {@code waitUntilNanos}, or nothing. */
    record Decision(List<PendingRequest> requests, long waitUntilNanos) {
        static final Decision NOTHING = new Decision(List.of(), 0);

        boolean isBatch() {
            return !requests.isEmpty();
        }

        boolean isWait() {
            return requests.isEmpty() && waitUntilNanos != 0;
        }
    }

    private final SchedulingPolicy policy;

    BatchFormer(SchedulingPolicy policy) {
        this.policy = policy;
    }

    Decision next(RequestQueue queue, long nowNanos) {
        if (queue.isEmpty()) {
            return Decision.NOTHING;
        }
        if (!policy.dynamic()) {
            return new Decision(List.of(queue.iterator().next()), 0);
        }
        List<PendingRequest> candidates = new ArrayList<>();
        int total = 0;
        boolean closed = false;
        for (PendingRequest request : queue) {
            if (!candidates.isEmpty() && !compatible(candidates.getFirst(), request, policy.raggedInputs())
                    || total + request.batchSize() > policy.maxBatchSize()) {
                closed = true;
                break;
            }
            candidates.add(request);
            total += request.batchSize();
            if (total == policy.maxBatchSize()) {
                closed = true;
                break;
            }
        }
        long deadline = candidates.getFirst().enqueuedNanos + policy.maxQueueDelayNanos();
        boolean waitedEnough = nowNanos - deadline >= 0;
        // as in Triton, a batch that waited out a queue delay runs with what it has, not cut to a preferred size
        boolean delayPassed = waitedEnough && policy.maxQueueDelayNanos() > 0;
        List<Integer> preferred = policy.preferredBatchSizes();
        if (!preferred.isEmpty()) {
            int best = largestAtMost(preferred, total);
            boolean reachedLargestPreferred = total >= preferred.getLast();
            if (best > 0 && (reachedLargestPreferred || (closed || waitedEnough) && !delayPassed)) {
                return new Decision(prefixUpTo(candidates, best), 0);
            }
        }
        if (closed || waitedEnough) {
            return new Decision(candidates, 0);
        }
        return new Decision(List.of(), deadline);
    }

    private static int largestAtMost(List<Integer> ascending, int limit) {
        int best = 0;
        for (int size : ascending) {
            if (size <= limit) {
                best = size;
            }
        }
        return best;
    }

    private static List<PendingRequest> prefixUpTo(List<PendingRequest> candidates, int size) {
        List<PendingRequest> prefix = new ArrayList<>();
        int total = 0;
        for (PendingRequest request : candidates) {
            if (total + request.batchSize() > size) {
                break;
            }
            prefix.add(request);
            total += request.batchSize();
        }
        return prefix.isEmpty() ? List.of(candidates.getFirst()) : prefix;
    }

    /** Same inputs and datatypes, with the same shapes beyond the batch dimension unless ragged. */
    static boolean compatible(PendingRequest first, PendingRequest other, Set<String> ragged) {
        List<Tensor> a = first.prepared.backendInputs();
        List<Tensor> b = other.prepared.backendInputs();
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Tensor x = a.get(i);
            Tensor y = b.get(i);
            if (!x.name().equals(y.name()) || x.dataType() != y.dataType()) {
                return false;
            }
            boolean sameShape = x.shape().length == y.shape().length
                    && Arrays.equals(x.shape(), 1, x.shape().length, y.shape(), 1, y.shape().length);
            if (!sameShape && !ragged.contains(x.name())) {
                return false;
            }
        }
        return true;
    }
}
