package io.infergate.engine.model;

import io.infergate.engine.api.ModelMetadata.TensorMetadata;
import io.infergate.engine.config.ConfigDataTypes;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelOutput;
import io.infergate.engine.tensor.DataType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A model's inputs and outputs as clients see them, derived once from its configuration. */
public final class ModelSignature {
    private final int maxBatchSize;
    private final Map<String, ModelInput> inputs = new LinkedHashMap<>();
    private final Map<String, ModelOutput> outputs = new LinkedHashMap<>();

    public ModelSignature(ModelConfig config) {
        this.maxBatchSize = config.getMaxBatchSize();
        config.getInputList().forEach(input -> inputs.put(input.getName(), input));
        config.getOutputList().forEach(output -> outputs.put(output.getName(), output));
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }

    public boolean batches() {
        return maxBatchSize > 0;
    }

    public Map<String, ModelInput> inputs() {
        return inputs;
    }

    public Map<String, ModelOutput> outputs() {
        return outputs;
    }

    public static DataType dataType(ModelInput input) {
        return ConfigDataTypes.toTensorType(input.getDataType());
    }

    public static DataType dataType(ModelOutput output) {
        return ConfigDataTypes.toTensorType(output.getDataType());
    }

    /** The shape a client sends or receives: the batch dimension (-1) first when the model batches. */
    public long[] clientShape(List<Long> dims) {
        int offset = batches() ? 1 : 0;
        long[] shape = new long[dims.size() + offset];
        if (batches()) {
            shape[0] = -1;
        }
        for (int i = 0; i < dims.size(); i++) {
            shape[i + offset] = dims.get(i);
        }
        return shape;
    }

    public List<TensorMetadata> inputMetadata() {
        return inputs.values().stream()
                .map(in -> new TensorMetadata(in.getName(), dataType(in).name(), clientShape(in.getDimsList())))
                .toList();
    }

    public List<TensorMetadata> outputMetadata() {
        return outputs.values().stream()
                .map(out -> new TensorMetadata(out.getName(), dataType(out).name(), clientShape(out.getDimsList())))
                .toList();
    }
}
