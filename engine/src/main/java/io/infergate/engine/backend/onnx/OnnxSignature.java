package io.infergate.engine.backend.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.infergate.engine.config.ConfigDataTypes;
import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.proto.ModelConfigProto;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelOutput;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Shapes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A model's inputs and outputs as ONNX Runtime reports them (in model order; -1 for symbolic or
 * unknown dimensions), and the check that a configuration agrees with them.
 */
record OnnxSignature(Map<String, TensorInfo> inputs, Map<String, TensorInfo> outputs) {

    static OnnxSignature of(OrtSession session) throws OrtException {
        return new OnnxSignature(tensors("input", session.getInputInfo()), tensors("output", session.getOutputInfo()));
    }

    private static Map<String, TensorInfo> tensors(String kind, Map<String, NodeInfo> nodes) {
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        nodes.forEach((name, node) -> tensors.put(name, OnnxTensors.tensorInfo(kind, name, node)));
        return tensors;
    }

    /** Whether every input and output has a variable first dimension, so the model can batch. */
    boolean supportsBatching() {
        if (inputs.isEmpty()) {
            return false;
        }
        for (Map<String, TensorInfo> tensors : List.of(inputs, outputs)) {
            for (TensorInfo info : tensors.values()) {
                long[] shape = info.getShape();
                if (shape.length == 0 || shape[0] != -1) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The engine type of a model tensor; throws naming it when KServe has no such type. */
    static DataType dataType(String kind, String name, TensorInfo info) throws ModelConfigException {
        DataType type = OnnxTensors.dataType(info.onnxType);
        if (type == null) {
            throw new ModelConfigException("model " + kind + " '" + name + "' has ONNX type " + info.onnxType
                    + ", which has no KServe datatype");
        }
        return type;
    }

    /**
     * Checks that every configured input and output exists in the model with the same datatype and
     * a compatible shape, and that every model input is configured.
     *
     * @throws ModelConfigException naming the first tensor that disagrees
     */
    void validate(ModelConfig config) throws ModelConfigException {
        int maxBatch = config.getMaxBatchSize();
        for (ModelInput input : config.getInputList()) {
            long[] shape = input.hasReshape()
                    ? toArray(input.getReshape().getShapeList()) : toArray(input.getDimsList());
            if (input.getAllowRaggedBatch() && maxBatch > 0) {
                // a ragged input reaches the model flat: one variable dimension, whatever the dims
                check("input", input.getName(), input.getDataType(), new long[] {-1}, 0, inputs);
            } else {
                check("input", input.getName(), input.getDataType(), shape, maxBatch, inputs);
            }
        }
        for (ModelOutput output : config.getOutputList()) {
            long[] shape = output.hasReshape()
                    ? toArray(output.getReshape().getShapeList()) : toArray(output.getDimsList());
            check("output", output.getName(), output.getDataType(), shape, maxBatch, outputs);
        }
        Set<String> supplied = serverSuppliedInputs(config);
        for (String name : inputs.keySet()) {
            if (!supplied.contains(name) && config.getInputList().stream().noneMatch(i -> i.getName().equals(name))) {
                throw new ModelConfigException("model input '" + name + "' is missing from the configuration");
            }
        }
    }

    /** Model inputs the scheduler fills in itself (Triton's batch_input targets). */
    static Set<String> batchInputTargets(ModelConfig config) {
        Set<String> targets = new HashSet<>();
        config.getBatchInputList().forEach(batchInput -> targets.addAll(batchInput.getTargetNameList()));
        return targets;
    }

    /** Model inputs the server fills in: batch inputs, sequence controls and implicit states. */
    static Set<String> serverSuppliedInputs(ModelConfig config) {
        Set<String> supplied = batchInputTargets(config);
        config.getSequenceBatching().getControlInputList().forEach(control -> supplied.add(control.getName()));
        config.getSequenceBatching().getStateList().forEach(state -> supplied.add(state.getInputName()));
        return supplied;
    }

    /** Model outputs only the server reads: the next values of implicit states. */
    static Set<String> stateOutputs(ModelConfig config) {
        Set<String> outputs = new HashSet<>();
        config.getSequenceBatching().getStateList().forEach(state -> outputs.add(state.getOutputName()));
        return outputs;
    }

    private static void check(String kind, String name, ModelConfigProto.DataType configType, long[] dims,
            int maxBatch, Map<String, TensorInfo> model) throws ModelConfigException {
        TensorInfo info = model.get(name);
        if (info == null) {
            throw new ModelConfigException("configuration " + kind + " '" + name + "' is not an " + kind
                    + " of the model (model " + kind + "s: " + model.keySet() + ")");
        }
        DataType modelType = dataType(kind, name, info);
        if (ConfigDataTypes.toTensorType(configType) != modelType) {
            throw new ModelConfigException(kind + " '" + name + "' has data type " + configType
                    + " in the configuration but " + modelType.configName() + " in the model");
        }
        long[] modelShape = info.getShape();
        long[] expected = dims;
        if (maxBatch > 0) {
            if (modelShape.length == 0 || modelShape[0] != -1) {
                throw new ModelConfigException(kind + " '" + name + "' has shape " + Shapes.format(modelShape)
                        + " in the model, which has no variable first dimension for max_batch_size "
                        + maxBatch);
            }
            expected = new long[dims.length + 1];
            expected[0] = -1;
            System.arraycopy(dims, 0, expected, 1, dims.length);
        }
        if (!compatible(expected, modelShape)) {
            throw new ModelConfigException(kind + " '" + name + "' has shape " + Shapes.format(modelShape)
                    + " in the model but the configuration gives " + Shapes.format(expected)
                    + (maxBatch > 0 ? " (with the batch dimension)" : ""));
        }
    }

    /** Same rank, and where both fix a size, the same size. */
    private static boolean compatible(long[] configured, long[] model) {
        if (configured.length != model.length) {
            return false;
        }
        for (int i = 0; i < model.length; i++) {
            if (configured[i] != -1 && model[i] != -1 && configured[i] != model[i]) {
                return false;
            }
        }
        return true;
    }

    static long[] toArray(List<Long> dims) {
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    static long[] withoutFirst(long[] shape) {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }
}
