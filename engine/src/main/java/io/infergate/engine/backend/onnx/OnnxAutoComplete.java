package io.infergate.engine.backend.onnx;

import ai.onnxruntime.TensorInfo;
import io.infergate.engine.config.ConfigDataTypes;
import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.proto.ModelConfigProto;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelOutput;
import java.util.Map;
import java.util.Set;

/**
 * Fills a partial configuration from the model, as Triton's onnxruntime backend does: platform and
 * backend when blank, max_batch_size, and the inputs and outputs the configuration leaves out.
 * Entries the configuration has win; a configured entry only gets a missing data type or dims.
 *
 * <p>max_batch_size: a model can batch when every input and output has a variable first dimension.
 * When the configuration says 0 (or nothing) and the model can batch, it becomes
 * {@value #DEFAULT_MAX_BATCH_SIZE} (Triton's {@code default-max-batch-size}) and dims leave out the
 * first dimension, unless the configuration's own dims show full-rank, non-batched tensors. A
 * configuration that sets max_batch_size for a model that cannot batch is an error.
 */
final class OnnxAutoComplete {

    /** Triton's onnxruntime backend default for {@code default-max-batch-size}. */
    static final int DEFAULT_MAX_BATCH_SIZE = 4;

    private OnnxAutoComplete() {
    }

    static ModelConfig complete(ModelConfig config, OnnxSignature model) throws ModelConfigException {
        ModelConfig.Builder builder = config.toBuilder();
        if (builder.getPlatform().isBlank()) {
            builder.setPlatform(OnnxBackend.PLATFORM);
        }
        if (builder.getBackend().isBlank()) {
            builder.setBackend(OnnxBackend.NAME);
        }
        int maxBatch = maxBatchSize(config, model);
        builder.setMaxBatchSize(maxBatch);

        Set<String> supplied = OnnxSignature.serverSuppliedInputs(config);
        for (Map.Entry<String, TensorInfo> e : model.inputs().entrySet()) {
            String name = e.getKey();
            if (supplied.contains(name)) {
                continue;
            }
            ModelConfigProto.DataType type = ConfigDataTypes.toConfigType(OnnxSignature.dataType("input", name, e.getValue()));
            long[] dims = dims(e.getValue(), maxBatch);
            int index = indexOfInput(builder, name);
            if (index < 0) {
                builder.addInput(ModelInput.newBuilder().setName(name).setDataType(type).addAllDims(boxed(dims)));
            } else {
                ModelInput.Builder input = builder.getInputBuilder(index);
                if (input.getDataType() == ModelConfigProto.DataType.TYPE_INVALID) {
                    input.setDataType(type);
                }
                if (input.getDimsCount() == 0 && !input.hasReshape()) {
                    input.addAllDims(boxed(dims));
                }
            }
        }
        Set<String> stateOutputs = OnnxSignature.stateOutputs(config);
        for (Map.Entry<String, TensorInfo> e : model.outputs().entrySet()) {
            String name = e.getKey();
            if (stateOutputs.contains(name)) {
                continue;
            }
            ModelConfigProto.DataType type = ConfigDataTypes.toConfigType(OnnxSignature.dataType("output", name, e.getValue()));
            long[] dims = dims(e.getValue(), maxBatch);
            int index = indexOfOutput(builder, name);
            if (index < 0) {
                builder.addOutput(ModelOutput.newBuilder().setName(name).setDataType(type).addAllDims(boxed(dims)));
            } else {
                ModelOutput.Builder output = builder.getOutputBuilder(index);
                if (output.getDataType() == ModelConfigProto.DataType.TYPE_INVALID) {
                    output.setDataType(type);
                }
                if (output.getDimsCount() == 0 && !output.hasReshape()) {
                    output.addAllDims(boxed(dims));
                }
            }
        }
        return builder.build();
    }

    private static int maxBatchSize(ModelConfig config, OnnxSignature model) throws ModelConfigException {
        boolean canBatch = model.supportsBatching();
        int configured = config.getMaxBatchSize();
        if (configured > 0) {
            if (!canBatch) {
                throw new ModelConfigException("configuration sets max_batch_size " + configured
                        + " but not every input and output of the model has a variable first dimension");
            }
            return configured;
        }
        if (!canBatch) {
            return 0;
        }
        // max_batch_size 0 is ambiguous (unset, or "does not batch"): configured dims decide.
        Boolean hint = null;
        for (ModelInput input : config.getInputList()) {
            hint = hint(hint, input.getName(), input.getDimsCount(), model.inputs());
        }
        for (ModelOutput output : config.getOutputList()) {
            hint = hint(hint, output.getName(), output.getDimsCount(), model.outputs());
        }
        return hint == null || hint ? DEFAULT_MAX_BATCH_SIZE : 0;
    }

    private static Boolean hint(Boolean hint, String name, int dimsCount, Map<String, TensorInfo> model)
            throws ModelConfigException {
        TensorInfo info = model.get(name);
        if (dimsCount == 0 || info == null) {
            return hint;
        }
        boolean batched = info.getShape().length == dimsCount + 1;
        if (hint != null && hint != batched) {
            throw new ModelConfigException("the configuration's dims disagree on whether the model batches"
                    + " (see tensor '" + name + "')");
        }
        return batched;
    }

    private static long[] dims(TensorInfo info, int maxBatch) {
        long[] shape = info.getShape();
        return maxBatch > 0 ? OnnxSignature.withoutFirst(shape) : shape;
    }

    private static Iterable<Long> boxed(long[] dims) {
        return java.util.Arrays.stream(dims).boxed().toList();
    }

    private static int indexOfInput(ModelConfig.Builder builder, String name) {
        for (int i = 0; i < builder.getInputCount(); i++) {
            if (builder.getInput(i).getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfOutput(ModelConfig.Builder builder, String name) {
        for (int i = 0; i < builder.getOutputCount(); i++) {
            if (builder.getOutput(i).getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
