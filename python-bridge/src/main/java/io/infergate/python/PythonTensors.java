package io.infergate.python;

import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Value;

/** Turns the tensors Python hands back, as (name, datatype, shape, bytes) tuples, into engine tensors. */
final class PythonTensors {
    private PythonTensors() {
    }

    /** Reads a list of tuples; each tensor's bytes are copied in one bulk read of the Python buffer. */
    static List<Tensor> fromPython(Value tuples) {
        List<Tensor> tensors = new ArrayList<>((int) tuples.getArraySize());
        for (long i = 0; i < tuples.getArraySize(); i++) {
            Value tuple = tuples.getArrayElement(i);
            String name = tuple.getArrayElement(0).asString();
            DataType type = DataType.valueOf(tuple.getArrayElement(1).asString());
            Value dims = tuple.getArrayElement(2);
            long[] shape = new long[(int) dims.getArraySize()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = dims.getArrayElement(d).asLong();
            }
            byte[] data = tuple.getArrayElement(3).as(byte[].class);
            Tensor tensor = new Tensor(name, type, shape, ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN));
            tensor.validateData();
            tensors.add(tensor);
        }
        return tensors;
    }

    static List<HostTensor> toPython(List<Tensor> tensors) {
        return tensors.stream().map(HostTensor::new).toList();
    }
}
