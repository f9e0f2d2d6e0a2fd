package io.infergate.engine.backend.sequence;

import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.config.proto.ModelConfigProto.ModelSequenceBatching.Control.Kind;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state both sequence test backends keep: an INT32 accumulator per sequence. At a ready
 * batch position, START sets it to INPUT, other requests add INPUT, and with {@code addIdAtEnd}
 * END adds the correlation id; OUTPUT is the accumulator (0 where not ready). The key is the batch
 * slot ({@code sequence}, direct strategy) or the correlation id ({@code dyna_sequence}).
 */
final class AccumulatorInstance implements ModelInstance {
    private final SequenceControls controls;
    private final String input;
    private final String output;
    private final boolean byCorrelationId;
    private final long executeDelayMs;
    private final Map<Long, Integer> accumulators = new HashMap<>();

    AccumulatorInstance(SequenceControls controls, String input, String output, boolean byCorrelationId,
            long executeDelayMs) {
        this.controls = controls;
        this.input = input;
        this.output = output;
        this.byCorrelationId = byCorrelationId;
        this.executeDelayMs = executeDelayMs;
    }

    @Override
    public List<Tensor> execute(Execution execution) throws Exception {
        List<Tensor> inputs = execution.inputs();
        ByteBuffer values = SequenceControls.tensor(inputs, input).bytes();
        int batch = execution.batchSize();
        execution.timer().inputsReady();
        if (executeDelayMs > 0) {
            // simulated compute, on the scheduler's worker thread
            Thread.sleep(executeDelayMs);
        }
        ByteBuffer out = ByteBuffer.allocate(batch * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < batch; i++) {
            if (!controls.has(Kind.CONTROL_SEQUENCE_READY) || controls.flag(inputs, Kind.CONTROL_SEQUENCE_READY, i)) {
                out.putInt(step(inputs, i, values.getInt(i * 4)));
            } else {
                out.putInt(0);
            }
        }
        execution.timer().inferenceDone();
        long[] shape = SequenceControls.tensor(inputs, input).shape().clone();
        return List.of(new Tensor(output, DataType.INT32, shape, out.flip()));
    }

    private int step(List<Tensor> inputs, int index, int value) {
        long key = byCorrelationId ? controls.correlationId(inputs, index) : index;
        boolean start = controls.flag(inputs, Kind.CONTROL_SEQUENCE_START, index);
        int accumulator = start ? value : accumulators.getOrDefault(key, 0) + value;
        if (byCorrelationId && controls.flag(inputs, Kind.CONTROL_SEQUENCE_END, index)) {
            accumulators.remove(key);
            return accumulator + (int) key;
        }
        accumulators.put(key, accumulator);
        return accumulator;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
