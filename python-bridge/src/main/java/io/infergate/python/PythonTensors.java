package io.infergate.python;

import io.infergate.engine.backend.ParameterizedOutputs;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Value;

/** Turns the tensors Python hands back, as (name, datatype, shape, bytes, storage) tuples, into engine tensors. */
final class PythonTensors {
    private PythonTensors() {
    }

    /**
     * Reads a list of tuples. A tensor's bytes are not copied when Python hands over the Java
     * array behind them ({@code polyglot.storage}; pb_utils tensors never change their bytes),
     * and copied in one bulk read otherwise.
     */
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
            ByteBuffer data = bytes(tuple.getArrayElement(3), tuple.getArrayElement(4)).order(ByteOrder.LITTLE_ENDIAN);
            // Checked: a BLS request made of these tensors is not scanned again by RequestPreparer.
            tensors.add(new Tensor(name, type, shape, data).checked());
        }
        return tensors;
    }

    /** A response's tensors with its parameters, which pb_utils encodes as a JSON object ("{}" for none). */
    static List<Tensor> fromPython(Value tuples, String parametersJson) {
        return ParameterizedOutputs.of(fromPython(tuples), new JsonObject(parametersJson).getMap());
    }

    private static ByteBuffer bytes(Value raw, Value storage) {
        int length = (int) raw.getBufferSize();
        if (storage.isHostObject() && storage.asHostObject() instanceof byte[] array && array.length >= length) {
            return ByteBuffer.wrap(array, 0, length).slice();
        }
        byte[] copy = new byte[length];
        raw.readBuffer(0, copy, 0, length);
        return ByteBuffer.wrap(copy);
    }

    static List<HostTensor> toPython(List<Tensor> tensors) {
        return tensors.stream().map(HostTensor::new).toList();
    }
}
