package io.infergate.engine.backend.sequence;

import io.infergate.engine.backend.Backend;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ModelSpec;
import io.infergate.engine.backend.identity.IdentityBackend;
import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.proto.ModelConfigProto.DataType;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;

/**
 * Triton's {@code sequence} test backend: an INT32 accumulator per batch slot, for the direct
 * strategy ({@code dyna_sequence}: per correlation id, for the oldest strategy, and END adds the
 * correlation id). One INT32 input and one INT32 output; parameter {@code execute_delay_ms}
 * simulates compute.
 */
public class SequenceBackend implements Backend {
    @Override
    public String name() {
        return "sequence";
    }

    /** Whether accumulators are kept per correlation id (dyna_sequence) rather than per slot. */
    boolean byCorrelationId() {
        return false;
    }

    @Override
    public ModelInstance createInstance(ModelSpec model, int instanceIndex) throws Exception {
        ModelConfig config = model.config();
        if (!config.hasSequenceBatching() || config.getInputCount() != 1 || config.getOutputCount() != 1
                || config.getInput(0).getDataType() != DataType.TYPE_INT32
                || config.getOutput(0).getDataType() != DataType.TYPE_INT32) {
            throw new ModelConfigException("the " + name() + " backend needs sequence_batching, one TYPE_INT32 input "
                    + "and one TYPE_INT32 output");
        }
        return new AccumulatorInstance(new SequenceControls(config), config.getInput(0).getName(),
                config.getOutput(0).getName(), byCorrelationId(), IdentityBackend.executeDelayMs(config));
    }
}
