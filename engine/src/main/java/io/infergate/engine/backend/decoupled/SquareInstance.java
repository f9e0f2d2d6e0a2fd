package io.infergate.engine.backend.decoupled;

import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ResponseSender;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.util.List;

/** One square instance. */
final class SquareInstance implements ModelInstance {
    /** A cap so one request cannot make the server send billions of responses. */
    static final long MAX_RESPONSES = 1_000_000;

    @Override
    public List<Tensor> execute(Execution execution) {
        ResponseSender sender = RepeatInstance.requireSender(execution);
        long n = DecoupledTensors.element(DecoupledTensors.input(execution.inputs(), "IN"), 0);
        if (n < 0 || n > MAX_RESPONSES) {
            throw new IllegalArgumentException("square needs 0 <= IN <= " + MAX_RESPONSES + ", got " + n);
        }
        execution.timer().inputsReady();
        for (long i = 0; i < n; i++) {
            sender.send(List.of(DecoupledTensors.scalar("OUT", DataType.INT32, n)), false);
        }
        execution.timer().inferenceDone();
        sender.finish();
        return List.of();
    }

    @Override
    public void close() {
    }
}
