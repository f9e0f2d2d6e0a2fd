package io.infergate.gateway.cluster;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

/**
 * Picks the worker with the fewest requests pending from this node, so a slow worker does not
 * collect a queue; ties rotate, so equal workers share the load evenly.
 */
final class WorkerChooser {
    private final AtomicInteger rotation = new AtomicInteger();

    /** One of the candidates (not empty). */
    String choose(List<String> candidates, ToIntFunction<String> pending) {
        int start = Math.floorMod(rotation.getAndIncrement(), candidates.size());
        String best = null;
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < candidates.size(); i++) {
            String candidate = candidates.get((start + i) % candidates.size());
            int load = pending.applyAsInt(candidate);
            if (load < fewest) {
                best = candidate;
                fewest = load;
            }
        }
        return best;
    }
}
