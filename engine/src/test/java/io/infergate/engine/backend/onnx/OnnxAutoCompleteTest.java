package io.infergate.engine.backend.onnx;

import static io.infergate.engine.backend.onnx.OnnxFixtures.input;
import static io.infergate.engine.backend.onnx.OnnxFixtures.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.proto.ModelConfigProto;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelOutput;
import io.infergate.engine.tensor.DataType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxAutoCompleteTest {

    @TempDir
    Path dir;

    private final OnnxBackend backend = new OnnxBackend();

    @Test
    void fillsAnEmptyConfigFromABatchingModel() throws Exception {
        Path model = TinyOnnx.write(dir, TinyOnnx.addSub(DataType.INT32, -1, 4));

        ModelConfig config = backend.autoComplete(ModelConfig.newBuilder().setName("simple").build(), model);

        assertEquals("onnxruntime_onnx", config.getPlatform());
        assertEquals("onnxruntime", config.getBackend());
        assertEquals(4, config.getMaxBatchSize());
        assertEquals(List.of(input("INPUT0", DataType.INT32, 4), input("INPUT1", DataType.INT32, 4)),
                config.getInputList());
        assertEquals(List.of(output("OUTPUT0", DataType.INT32, 4), output("OUTPUT1", DataType.INT32, 4)),
                config.getOutputList());
    }

    @Test
    void keepsFullDimsAndNoBatchingWhenTheFirstDimensionIsFixed() throws Exception {
        Path model = TinyOnnx.write(dir, TinyOnnx.identity(DataType.FP32, 2, -1));

        ModelConfig config = backend.autoComplete(ModelConfig.getDefaultInstance(), model);

        assertEquals(0, config.getMaxBatchSize());
        assertEquals(List.of(input("INPUT0", DataType.FP32, 2, -1)), config.getInputList());
        assertEquals(List.of(output("OUTPUT0", DataType.FP32, 2, -1)), config.getOutputList());
    }

    @Test
    void keepsGivenEntriesAndAddsOnlyTheMissingOnes() throws Exception {
        Path model = TinyOnnx.write(dir, TinyOnnx.addSub(DataType.INT32, -1, 4));
        ModelOutput given = output("OUTPUT1", DataType.INT32, 4).toBuilder().setLabelFilename("labels.txt").build();
        ModelConfig partial = ModelConfig.newBuilder().setPlatform("onnxruntime_onnx").setMaxBatchSize(16)
                .addInput(ModelInput.newBuilder().setName("INPUT1").addDims(4)).addOutput(given).build();

        ModelConfig config = backend.autoComplete(partial, model);

        assertEquals(16, config.getMaxBatchSize());
        assertEquals("onnxruntime_onnx", config.getPlatform());
        assertEquals(List.of(input("INPUT1", DataType.INT32, 4), input("INPUT0", DataType.INT32, 4)),
                config.getInputList());
        assertEquals(List.of(given, output("OUTPUT0", DataType.INT32, 4)), config.getOutputList());
    }

    @Test
    void fullRankConfiguredDimsMeanTheModelDoesNotBatch() throws Exception {
        Path model = TinyOnnx.write(dir, TinyOnnx.identity(DataType.FP32, -1, 3));
        ModelConfig partial = ModelConfig.newBuilder().addInput(input("INPUT0", DataType.FP32, -1, 3)).build();

        ModelConfig config = backend.autoComplete(partial, model);

        assertEquals(0, config.getMaxBatchSize());
        assertEquals(List.of(output("OUTPUT0", DataType.FP32, -1, 3)), config.getOutputList());
    }

    @Test
    void maxBatchSizeForAModelThatCannotBatchFails() {
        Path model = TinyOnnx.write(dir, TinyOnnx.identity(DataType.FP32, 2, 3));
        ModelConfig partial = ModelConfig.newBuilder().setMaxBatchSize(8).build();

        ModelConfigException e = assertThrows(ModelConfigException.class, () -> backend.autoComplete(partial, model));
        assertTrue(e.getMessage().contains("max_batch_size 8"), e.getMessage());
    }

    @Test
    void completedConfigLoadsAndValidates() throws Exception {
        Path model = TinyOnnx.write(dir, TinyOnnx.addSub(DataType.INT32, -1, 4));
        ModelConfig config = backend.autoComplete(ModelConfig.newBuilder().setName("simple").build(), model);

        backend.createInstance(OnnxFixtures.spec(config, model), 0).close();
        assertEquals(ModelConfigProto.DataType.TYPE_INT32, config.getInput(0).getDataType());
    }
}
