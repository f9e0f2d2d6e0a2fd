package io.infergate.engine.lifecycle;

import io.infergate.engine.config.ConfigDataTypes;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelSequenceBatching;
import io.infergate.engine.config.proto.ModelConfigProto.ModelWarmup;
import io.infergate.engine.model.ModelLoadException;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The input tensors of one {@code model_warmup} sample, in the shape a backend receives them:
 * {@code [batch_size] + dims} when the model batches (the sample's data repeated for each batch
 * item), the input's {@code reshape} applied. Data as Triton defines it: {@code zero_data},
 * {@code random_data} (zeros for BYTES, as in Triton), or {@code input_data_file}, raw row-major
 * bytes of one batch item from the model's {@code warmup/} folder (BYTES elements with their
 * 4-byte length prefixes).
 */
final class WarmupInputs {
    static final String WARMUP_FOLDER = "warmup";

    private WarmupInputs() {
    }

    /** The batch size the sample runs with: its batch_size (0 counts as 1), 1 for a model without batching. */
    static int batchSize(ModelConfig config, ModelWarmup sample) {
        return config.getMaxBatchSize() > 0 ? Math.max(1, sample.getBatchSize()) : 1;
    }

    /** Builds the sample's tensors; a sample that does not fit the configuration fails with why. */
    static List<Tensor> of(ModelConfig config, ModelWarmup sample, Path modelDir) throws ModelLoadException {
        int batch = batchSize(config, sample);
        if (config.getMaxBatchSize() > 0 && batch > config.getMaxBatchSize()) {
            throw failure(sample, "batch_size " + batch + " exceeds max_batch_size " + config.getMaxBatchSize());
        }
        List<Tensor> tensors = new ArrayList<>();
        for (Map.Entry<String, ModelWarmup.Input> entry : sample.getInputsMap().entrySet()) {
            tensors.add(tensor(config, sample, entry.getKey(), entry.getValue(), batch, modelDir));
        }
        return tensors;
    }

    private static Tensor tensor(ModelConfig config, ModelWarmup sample, String name, ModelWarmup.Input input,
            int batch, Path modelDir) throws ModelLoadException {
        Optional<ModelInput> declared = config.getInputList().stream().filter(i -> i.getName().equals(name)).findFirst();
        if (declared.isEmpty() && !isControlInput(config, name)) {
            throw failure(sample, "unknown input '" + name + "'");
        }
        DataType type = ConfigDataTypes.toTensorType(input.getDataType());
        if (declared.isPresent() && declared.get().getDataType() != input.getDataType()) {
            throw failure(sample, "input '" + name + "' is " + input.getDataType() + " but the model's input is "
                    + declared.get().getDataType());
        }
        long[] dims = input.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long elements;
        try {
            elements = Tensor.checkedElementCount(name, type, dims);
        } catch (IllegalArgumentException e) {
            throw failure(sample, e.getMessage());
        }
        byte[] item = itemData(sample, name, input, type, elements, modelDir);
        ByteBuffer data = ByteBuffer.allocate(Math.multiplyExact(item.length, batch)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < batch; i++) {
            data.put(item);
        }
        long[] itemShape = declared.isPresent() && declared.get().hasReshape()
                ? declared.get().getReshape().getShapeList().stream().mapToLong(Long::longValue).toArray() : dims;
        return new Tensor(name, type, config.getMaxBatchSize() > 0 ? withBatch(batch, itemShape) : itemShape,
                data.flip());
    }

    private static long[] withBatch(int batch, long[] itemShape) {
        long[] shape = new long[itemShape.length + 1];
        shape[0] = batch;
        System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
        return shape;
    }

    private static boolean isControlInput(ModelConfig config, String name) {
        ModelSequenceBatching sequencing = config.getSequenceBatching();
        return sequencing.getControlInputList().stream().anyMatch(control -> control.getName().equals(name));
    }

    /** The bytes of one batch item. */
    private static byte[] itemData(ModelWarmup sample, String name, ModelWarmup.Input input, DataType type,
            long elements, Path modelDir) throws ModelLoadException {
        if (input.hasInputDataFile()) {
            return fileData(sample, name, input.getInputDataFile(), type, elements, modelDir);
        }
        if (!input.getZeroData() && !input.getRandomData()) {
            throw failure(sample, "input '" + name + "' has none of zero_data, random_data and input_data_file");
        }
        if (!type.isFixedSize()) {
            return new byte[Math.toIntExact(4 * elements)]; // every element a zero length prefix
        }
        byte[] data = new byte[Math.toIntExact(elements * type.byteSize())];
        if (input.getRandomData()) {
            ThreadLocalRandom.current().nextBytes(data);
            if (type == DataType.BOOL) {
                for (int i = 0; i < data.length; i++) {
                    data[i] &= 1;
                }
            }
        }
        return data;
    }

    private static byte[] fileData(ModelWarmup sample, String name, String file, DataType type, long elements,
            Path modelDir) throws ModelLoadException {
        Path folder = modelDir.resolve(WARMUP_FOLDER).normalize();
        Path path = folder.resolve(file).normalize();
        if (!path.startsWith(folder) || path.equals(folder)) {
            throw failure(sample, "input_data_file '" + file + "' of input '" + name
                    + "' is outside the model's warmup folder");
        }
        byte[] data;
        try {
            data = Files.readAllBytes(path);
        } catch (IOException e) {
            throw failure(sample, "cannot read input_data_file " + path + " of input '" + name + "': " + e);
        }
        try {
            new Tensor(name, type, new long[] {elements}, ByteBuffer.wrap(data)).validateData();
        } catch (IllegalArgumentException e) {
            String expected = type.isFixedSize() ? (elements * type.byteSize()) + " bytes" : elements + " BYTES elements";
            throw failure(sample, "input_data_file " + path + " of input '" + name + "' has " + data.length
                    + " bytes, but " + expected + " are expected for one batch item of " + elements + " " + type
                    + " elements");
        }
        return data;
    }

    static ModelLoadException failure(ModelWarmup sample, String why) {
        return new ModelLoadException("warmup '" + sample.getName() + "' failed: " + why);
    }
}
