package io.infergate.engine.backend.onnx;

import io.infergate.engine.backend.ComputeTimer;
import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelSpec;
import io.infergate.engine.config.ConfigDataTypes;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelOutput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelParameter;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Configs, specs, tensors and executions for the ONNX backend tests. */
final class OnnxFixtures {

    private OnnxFixtures() {
    }

    static ModelInput input(String name, DataType type, long... dims) {
        return ModelInput.newBuilder().setName(name).setDataType(ConfigDataTypes.toConfigType(type))
                .addAllDims(Arrays.stream(dims).boxed().toList()).build();
    }

    static ModelOutput output(String name, DataType type, long... dims) {
        return ModelOutput.newBuilder().setName(name).setDataType(ConfigDataTypes.toConfigType(type))
                .addAllDims(Arrays.stream(dims).boxed().toList()).build();
    }

    static ModelParameter param(String value) {
        return ModelParameter.newBuilder().setStringValue(value).build();
    }

    /** The config of {@link TinyOnnx#addSub} with dims [-1, 4] and max_batch_size 8. */
    static ModelConfig.Builder addSubConfig() {
        return ModelConfig.newBuilder().setName("simple").setBackend("onnxruntime").setMaxBatchSize(8)
                .addInput(input("INPUT0", DataType.INT32, 4)).addInput(input("INPUT1", DataType.INT32, 4))
                .addOutput(output("OUTPUT0", DataType.INT32, 4)).addOutput(output("OUTPUT1", DataType.INT32, 4));
    }

    static ModelSpec spec(ModelConfig config, Path modelFile) {
        return new ModelSpec(config.getName(), 1, config, modelFile.getParent(), modelFile, null, null);
    }

    static Tensor int32(String name, long[] shape, int... values) {
        ByteBuffer data = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            data.putInt(v);
        }
        return new Tensor(name, DataType.INT32, shape, data.flip());
    }

    static int[] ints(Tensor tensor) {
        ByteBuffer data = tensor.bytes();
        int[] values = new int[data.remaining() / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = data.getInt();
        }
        return values;
    }

    static Execution execution(List<Tensor> inputs, String... outputs) {
        return new Execution(inputs, Set.of(outputs), 1, new ComputeTimer());
    }
}
