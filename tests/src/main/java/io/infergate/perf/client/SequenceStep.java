package io.infergate.perf.client;

/** Sequence parameters of one request of a sequence model; {@link #NONE} for other models. */
public record SequenceStep(long id, boolean start, boolean end) {
    public static final SequenceStep NONE = new SequenceStep(0, false, false);

    public boolean inSequence() {
        return id != 0;
    }
}
