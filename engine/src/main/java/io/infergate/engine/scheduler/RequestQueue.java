package io.infergate.engine.scheduler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The queues of one model version: one FIFO per priority level (index 0 is the highest), each
 * bounded by its policy's max_queue_size, and behind them all the requests whose timeout expired
 * under the DELAY action, served only when nothing else waits. Used on one context only.
 */
final class RequestQueue implements Iterable<PendingRequest> {
    private final List<ArrayDeque<PendingRequest>> levels = new ArrayList<>();
    private final int[] maxSizes;
    private final ArrayDeque<PendingRequest> delayed = new ArrayDeque<>();

    RequestQueue(SchedulingPolicy policy) {
        maxSizes = new int[policy.queueCount()];
        for (int i = 0; i < maxSizes.length; i++) {
            levels.add(new ArrayDeque<>());
            maxSizes[i] = policy.queuePolicy(i).getMaxQueueSize();
        }
    }

    /** Adds a request; false when its level's queue is full. */
    boolean offer(PendingRequest request) {
        ArrayDeque<PendingRequest> level = levels.get(request.queueIndex);
        int max = maxSizes[request.queueIndex];
        if (max > 0 && level.size() >= max) {
            return false;
        }
        level.add(request);
        return true;
    }

    /** Moves a request whose timeout expired to the back of everything. */
    void delay(PendingRequest request) {
        if (levels.get(request.queueIndex).remove(request)) {
            delayed.add(request);
        }
    }

    boolean remove(PendingRequest request) {
        return levels.get(request.queueIndex).remove(request) || delayed.remove(request);
    }

    /** Removes and returns the first request in serving order. */
    PendingRequest poll() {
        for (ArrayDeque<PendingRequest> level : levels) {
            if (!level.isEmpty()) {
                return level.poll();
            }
        }
        return delayed.poll();
    }

    boolean isEmpty() {
        return size() == 0;
    }

    int size() {
        int size = delayed.size();
        for (ArrayDeque<PendingRequest> level : levels) {
            size += level.size();
        }
        return size;
    }

    /**
     * Requests in serving order: levels from highest, then the delayed ones. Lazy, since batch
     * forming reads only the first few of a possibly long queue; do not modify while iterating.
     */
    @Override
    public Iterator<PendingRequest> iterator() {
        List<ArrayDeque<PendingRequest>> all = new ArrayList<>(levels);
        all.add(delayed);
        return all.stream().flatMap(ArrayDeque::stream).iterator();
    }
}
