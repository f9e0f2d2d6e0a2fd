package io.infergate.python;

import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds and reads the small tensors the tests send. */
final class Tensors {
    private Tensors() {
    }

    static Tensor fp32(String name, long[] shape, float... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            data.putFloat(v);
        }
        return new Tensor(name, DataType.FP32, shape, data.flip());
    }

    static Tensor int32(String name, long[] shape, int... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            data.putInt(v);
        }
        return new Tensor(name, DataType.INT32, shape, data.flip());
    }

    static Tensor uint32(String name, long[] shape, int... values) {
        Tensor t = int32(name, shape, values);
        return new Tensor(name, DataType.UINT32, shape, t.data());
    }

    static Tensor strings(String name, String... values) {
        return strings(name, new long[] {values.length}, values);
    }

    static Tensor strings(String name, long[] shape, String... values) {
        return new Tensor(name, DataType.BYTES, shape, BytesElements.fromStrings(values));
    }

    static float[] floats(Tensor tensor) {
        ByteBuffer data = tensor.bytes();
        float[] out = new float[data.remaining() / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = data.getFloat(i * 4);
        }
        return out;
    }

    static int[] ints(Tensor tensor) {
        ByteBuffer data = tensor.bytes();
        int[] out = new int[data.remaining() / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = data.getInt(i * 4);
        }
        return out;
    }
}
