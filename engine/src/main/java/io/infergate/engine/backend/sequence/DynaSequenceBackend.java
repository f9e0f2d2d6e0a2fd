package io.infergate.engine.backend.sequence;

/** Triton's {@code dyna_sequence} test backend: accumulators per correlation id (see {@link SequenceBackend}). */
public final class DynaSequenceBackend extends SequenceBackend {
    @Override
    public String name() {
        return "dyna_sequence";
    }

    @Override
    boolean byCorrelationId() {
        return true;
    }
}
