package io.infergate.engine.backend.decoupled;

import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ResponseSender;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.util.List;

/** One repeat instance: sends from the execution's worker thread, sleeping to honour the delays. */
final class RepeatInstance implements ModelInstance {
    @Override
    public List<Tensor> execute(Execution execution) throws InterruptedException {
        ResponseSender sender = requireSender(execution);
        long start = System.nanoTime();
        Tensor in = DecoupledTensors.input(execution.inputs(), "IN");
        Tensor delay = DecoupledTensors.input(execution.inputs(), "DELAY");
        Tensor wait = DecoupledTensors.input(execution.inputs(), "WAIT");
        int count = DecoupledTensors.count(in);
        if (DecoupledTensors.count(delay) != count) {
            throw new IllegalArgumentException("repeat needs as many DELAY values as IN values, got "
                    + DecoupledTensors.count(delay) + " and " + count);
        }
        execution.timer().inputsReady();
        for (int i = 0; i < count; i++) {
            Thread.sleep(DecoupledTensors.element(delay, i));
            sender.send(List.of(DecoupledTensors.scalar("OUT", DataType.INT32, DecoupledTensors.element(in, i)),
                    DecoupledTensors.scalar("IDX", DataType.UINT32, i)), false);
        }
        long waitMs = DecoupledTensors.count(wait) > 0 ? DecoupledTensors.element(wait, 0) : 0;
        long remainingMs = waitMs - (System.nanoTime() - start) / 1_000_000;
        if (remainingMs > 0) {
            Thread.sleep(remainingMs);
        }
        execution.timer().inferenceDone();
        sender.finish();
        return List.of();
    }

    static ResponseSender requireSender(Execution execution) {
        if (execution.sender() == null) {
            throw new IllegalStateException("this backend is decoupled: set model_transaction_policy { decoupled: true }");
        }
        return execution.sender();
    }

    @Override
    public void close() {
    }
}
