package io.infergate.engine.backend.decoupled;

import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Small helpers of the decoupled test backends: find an input, read and write 32-bit elements. */
final class DecoupledTensors {
    private DecoupledTensors() {
    }

    static Tensor input(List<Tensor> inputs, String name) {
        return inputs.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("input '" + name + "' is required"));
    }

    /** Element i of an INT32 or UINT32 tensor (UINT32 read as unsigned). */
    static long element(Tensor tensor, int i) {
        int raw = tensor.bytes().getInt(i * 4);
        return tensor.dataType() == DataType.UINT32 ? Integer.toUnsignedLong(raw) : raw;
    }

    static int count(Tensor tensor) {
        return Math.toIntExact(tensor.elementCount());
    }

    /** A one-element tensor of shape [1]. */
    static Tensor scalar(String name, DataType type, long value) {
        ByteBuffer data = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).flip();
        return new Tensor(name, type, new long[] {1}, data);
    }
}
