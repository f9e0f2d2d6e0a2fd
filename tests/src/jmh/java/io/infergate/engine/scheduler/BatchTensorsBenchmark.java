package io.infergate.engine.scheduler;

import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.infergate.jmh.MicroBenchmark;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The dynamic batcher's tensor work: joining {@code requests} one-item FP32 inputs of
 * {@code elements} values into one batch, and splitting a batch output back into per-request
 * slices (16 is {@code simple}'s size, 3*48*320 a PP-OCR rec crop).
 */
@State(Scope.Benchmark)
public class BatchTensorsBenchmark extends MicroBenchmark {
    @Param({"16", "46080"})
    int elements;

    @Param({"8"})
    int requests;

    private List<List<Tensor>> parts;
    private List<Tensor> batchOutput;
    private int[] itemsPerPart;

    @Setup
    public void setUp() {
        parts = new ArrayList<>();
        for (int r = 0; r < requests; r++) {
            parts.add(List.of(tensor("x", 1)));
        }
        batchOutput = List.of(tensor("y", requests));
        itemsPerPart = new int[requests];
        Arrays.fill(itemsPerPart, 1);
    }

    private Tensor tensor(String name, int batch) {
        ByteBuffer data = ByteBuffer.allocateDirect(batch * elements * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < batch * elements; i++) {
            data.putFloat(i * Float.BYTES, i);
        }
        return new Tensor(name, DataType.FP32, new long[] {batch, elements}, data);
    }

    @Benchmark
    public List<Tensor> join() {
        return BatchTensors.joinParts(parts, Set.of());
    }

    @Benchmark
    public List<List<Tensor>> split() {
        return BatchTensors.split(batchOutput, itemsPerPart);
    }
}
