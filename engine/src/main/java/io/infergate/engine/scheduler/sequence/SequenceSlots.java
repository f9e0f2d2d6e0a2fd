package io.infergate.engine.scheduler.sequence;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds sequences to model instances. Every request of a sequence runs on the instance it is
 * bound to; each instance holds at most {@code slotsPerInstance} sequences (direct: its batch
 * slots, and the slot is the batch position; oldest: its candidate sequences). Sequences that
 * find no free slot wait in a backlog, in arrival order, until one ends or expires.
 */
final class SequenceSlots {
    private final List<List<Sequence>> byInstance = new ArrayList<>();
    private final int[] bound;
    private final int slotsPerInstance;
    private final ArrayDeque<Sequence> backlog = new ArrayDeque<>();

    SequenceSlots(int instances, int slotsPerInstance) {
        this.slotsPerInstance = slotsPerInstance;
        this.bound = new int[instances];
        for (int i = 0; i < instances; i++) {
            byInstance.add(new ArrayList<>());
        }
    }

    /** Binds a new sequence to the least busy instance with a free slot, or puts it in the backlog. */
    void bind(Sequence sequence) {
        int best = -1;
        for (int i = 0; i < bound.length; i++) {
            if (bound[i] < slotsPerInstance && (best < 0 || bound[i] < bound[best])) {
                best = i;
            }
        }
        if (best < 0) {
            backlog.add(sequence);
            return;
        }
        List<Sequence> slots = byInstance.get(best);
        int slot = slots.indexOf(null);
        if (slot < 0) {
            slot = slots.size();
            slots.add(sequence);
        } else {
            slots.set(slot, sequence);
        }
        sequence.instance = best;
        sequence.slot = slot;
        bound[best]++;
    }

    /** Frees a sequence's slot (or takes it out of the backlog) and binds waiting sequences. */
    void release(Sequence sequence) {
        if (!sequence.isBound()) {
            backlog.remove(sequence);
            return;
        }
        List<Sequence> slots = byInstance.get(sequence.instance);
        slots.set(sequence.slot, null);
        while (!slots.isEmpty() && slots.getLast() == null) {
            slots.removeLast();
        }
        bound[sequence.instance]--;
        sequence.instance = -1;
        sequence.slot = -1;
        while (!backlog.isEmpty() && hasFreeSlot()) {
            bind(backlog.poll());
        }
    }

    private boolean hasFreeSlot() {
        for (int count : bound) {
            if (count < slotsPerInstance) {
                return true;
            }
        }
        return false;
    }

    /** The slots of one instance, by slot index; null where a slot is free. */
    List<Sequence> slotsOf(int instance) {
        return byInstance.get(instance);
    }
}
