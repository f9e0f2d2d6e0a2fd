package io.infergate.gateway.server;

import io.infergate.engine.backend.Backend;
import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ModelSpec;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A test backend whose executions take {@value #EXECUTION_MS} ms and answer when they ran: outputs
 * {@code START} and {@code END} (INT64, shape [1]) hold {@link System#nanoTime()} at the start and
 * the end of the execution, so a test in the same JVM can tell whether two executions overlapped.
 */
public final class ExecutionClockBackend implements Backend {
    static final long EXECUTION_MS = 150;

    @Override
    public String name() {
        return "execution_clock";
    }

    @Override
    public ModelInstance createInstance(ModelSpec model, int instanceIndex) {
        return new ModelInstance() {
            @Override
            public List<Tensor> execute(Execution execution) throws InterruptedException {
                execution.timer().inputsReady();
                long start = System.nanoTime();
                Thread.sleep(EXECUTION_MS); // an instance thread, never an event loop
                long end = System.nanoTime();
                execution.timer().inferenceDone();
                return List.of(time("START", start), time("END", end));
            }

            @Override
            public void close() {
                // nothing to release
            }
        };
    }

    private static Tensor time(String name, long nanos) {
        return new Tensor(name, DataType.INT64, new long[] {1},
                ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(nanos).flip());
    }
}
