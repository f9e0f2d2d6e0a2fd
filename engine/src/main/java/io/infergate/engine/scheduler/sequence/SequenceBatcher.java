package io.infergate.engine.scheduler.sequence;

import io.infergate.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Decides what an idle instance runs next: at most one request per sequence (so a sequence's
 * requests run in order, each seeing the state the previous one left), or how long to wait for a
 * fuller batch.
 *
 * <p>Direct: batch position = slot. The batch spans slots 0 to the last slot with work; slots
 * without work are padding the model sees with READY false. It goes when the share of slots with
 * work reaches minimum_slot_utilization or the oldest request has waited max_queue_delay.
 * Oldest: the sequences whose next requests are oldest, up to max_batch_size; it goes when full,
 * at the largest preferred size it can reach, or when the oldest request has waited.
 */
final class SequenceBatcher {
    /** One batch position: a sequence's next request, or padding (sequence and request null). */
    record Position(Sequence sequence, SequencedRequest request) {
        boolean isPadding() {
            return request == null;
        }
    }

    /** Run {@code positions} now, or wait until {@code waitUntilNanos} (0: nothing to do). */
    record Decision(List<Position> positions, long waitUntilNanos) {
        static final Decision NOTHING = new Decision(List.of(), 0);
    }

    private final SequenceSettings settings;

    SequenceBatcher(SequenceSettings settings) {
        this.settings = settings;
    }

    Decision next(List<Sequence> slots, long nowNanos) {
        List<Sequence> ready = new ArrayList<>();
        for (Sequence sequence : slots) {
            if (sequence != null && sequence.hasWork()) {
                ready.add(sequence);
            }
        }
        if (ready.isEmpty()) {
            return Decision.NOTHING;
        }
        ready.sort(Comparator.comparingLong(Sequence::headEnqueuedNanos));
        List<Sequence> chosen = new ArrayList<>();
        for (Sequence sequence : ready) {
            if (chosen.size() < settings.maxBatchSize() && (chosen.isEmpty() || compatible(chosen.getFirst(), sequence))) {
                chosen.add(sequence);
            }
        }
        long deadline = ready.getFirst().headEnqueuedNanos() + settings.maxQueueDelayNanos();
        boolean waited = nowNanos - deadline >= 0;
        return settings.oldest() ? oldest(chosen, waited, deadline) : direct(chosen, slots.size(), waited, deadline);
    }

    private Decision direct(List<Sequence> chosen, int slotCount, boolean waited, long deadline) {
        boolean utilized = chosen.size() >= settings.minSlotUtilization() * settings.maxBatchSize();
        if (!waited && !utilized) {
            return new Decision(List.of(), deadline);
        }
        int span = chosen.stream().mapToInt(s -> s.slot).max().orElseThrow() + 1;
        Position[] positions = new Position[Math.min(span, slotCount)];
        Arrays.fill(positions, new Position(null, null));
        for (Sequence sequence : chosen) {
            positions[sequence.slot] = new Position(sequence, sequence.waiting.getFirst());
        }
        return new Decision(List.of(positions), 0);
    }

    private Decision oldest(List<Sequence> chosen, boolean waited, long deadline) {
        int size = chosen.size();
        List<Integer> preferred = settings.preferredBatchSizes();
        boolean full = size == settings.maxBatchSize() || !preferred.isEmpty() && size >= preferred.getLast();
        if (!full && !waited) {
            return new Decision(List.of(), deadline);
        }
        int take = size;
        for (int candidate : preferred) {
            if (candidate <= size) {
                take = candidate;
            }
        }
        return new Decision(chosen.subList(0, take).stream()
                .map(sequence -> new Position(sequence, sequence.waiting.getFirst())).toList(), 0);
    }

    /** Same inputs, datatypes and shapes beyond the batch dimension. */
    private static boolean compatible(Sequence a, Sequence b) {
        List<Tensor> x = a.waiting.getFirst().prepared().backendInputs();
        List<Tensor> y = b.waiting.getFirst().prepared().backendInputs();
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!x.get(i).name().equals(y.get(i).name()) || x.get(i).dataType() != y.get(i).dataType()
                    || !Arrays.equals(x.get(i).shape(), y.get(i).shape())) {
                return false;
            }
        }
        return true;
    }
}
