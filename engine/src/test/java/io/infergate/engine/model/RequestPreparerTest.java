package io.infergate.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.api.Status;
import io.infergate.engine.config.proto.ModelConfigProto;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelOutput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelTensorReshape;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestPreparerTest {
    private static final ModelConfig SIMPLE = ModelConfig.newBuilder().setName("simple").setMaxBatchSize(8)
            .addInput(ModelInput.newBuilder().setName("INPUT0").setDataType(ModelConfigProto.DataType.TYPE_INT32).addDims(16))
            .addInput(ModelInput.newBuilder().setName("INPUT1").setDataType(ModelConfigProto.DataType.TYPE_INT32).addDims(16))
            .addOutput(ModelOutput.newBuilder().setName("OUTPUT0").setDataType(ModelConfigProto.DataType.TYPE_INT32).addDims(16))
            .addOutput(ModelOutput.newBuilder().setName("OUTPUT1").setDataType(ModelConfigProto.DataType.TYPE_INT32).addDims(16))
            .build();

    private final RequestPreparer preparer = new RequestPreparer("simple", new ModelSignature(SIMPLE));

    private static Tensor int32(String name, long... shape) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        return new Tensor(name, DataType.INT32, shape, ByteBuffer.allocate((int) count * 4));
    }

    private static InferenceRequest request(List<Tensor> inputs, List<RequestedOutput> outputs,
            Map<String, Object> parameters) {
        return new InferenceRequest("r1", "simple", "", inputs, outputs, parameters);
    }

    private InferenceException rejected(InferenceRequest request) {
        InferenceException e = assertThrows(InferenceException.class, () -> preparer.prepare(request));
        assertEquals(Status.INVALID_ARG, e.status());
        return e;
    }

    @Test
    void validRequestKeepsBatchSizeAndAllOutputs() {
        PreparedRequest prepared = preparer.prepare(
                request(List.of(int32("INPUT0", 3, 16), int32("INPUT1", 3, 16)), List.of(), Map.of()));
        assertEquals(3, prepared.batchSize());
        assertEquals(List.of("OUTPUT0", "OUTPUT1"), List.copyOf(prepared.outputNames()));
    }

    @Test
    void missingInputIsRejected() {
        assertTrue(rejected(request(List.of(int32("INPUT0", 1, 16)), List.of(), Map.of())).getMessage()
                .contains("missing input 'INPUT1'"));
    }

    @Test
    void unknownInputIsRejected() {
        rejected(request(List.of(int32("INPUT0", 1, 16), int32("INPUT1", 1, 16), int32("EXTRA", 1, 16)), List.of(),
                Map.of()));
    }

    @Test
    void duplicateInputIsRejected() {
        rejected(request(List.of(int32("INPUT0", 1, 16), int32("INPUT0", 1, 16)), List.of(), Map.of()));
    }

    @Test
    void wrongDatatypeIsRejected() {
        Tensor fp32 = new Tensor("INPUT1", DataType.FP32, new long[] {1, 16}, ByteBuffer.allocate(64));
        assertTrue(rejected(request(List.of(int32("INPUT0", 1, 16), fp32), List.of(), Map.of())).getMessage()
                .contains("expects 'INT32'"));
    }

    @Test
    void wrongShapeIsRejected() {
        rejected(request(List.of(int32("INPUT0", 1, 15), int32("INPUT1", 1, 15)), List.of(), Map.of()));
    }

    @Test
    void batchLargerThanMaxBatchSizeIsRejected() {
        rejected(request(List.of(int32("INPUT0", 9, 16), int32("INPUT1", 9, 16)), List.of(), Map.of()));
    }

    @Test
    void dataLengthNotMatchingShapeIsRejected() {
        Tensor shortData = new Tensor("INPUT1", DataType.INT32, new long[] {1, 16}, ByteBuffer.allocate(60));
        rejected(request(List.of(int32("INPUT0", 1, 16), shortData), List.of(), Map.of()));
    }

    @Test
    void unknownRequestedOutputIsRejected() {
        rejected(request(List.of(int32("INPUT0", 1, 16), int32("INPUT1", 1, 16)),
                List.of(RequestedOutput.named("NOPE")), Map.of()));
    }

    @Test
    void duplicateRequestedOutputIsRejected() {
        rejected(request(List.of(int32("INPUT0", 1, 16), int32("INPUT1", 1, 16)),
                List.of(RequestedOutput.named("OUTPUT0"), RequestedOutput.named("OUTPUT0")), Map.of()));
    }

    @Test
    void reservedParameterIsRejected() {
        rejected(request(List.of(int32("INPUT0", 1, 16), int32("INPUT1", 1, 16)), List.of(),
                Map.of("triton_enable_empty_final_response", true)));
    }

    @Test
    void inputReshapeIsAppliedForTheBackend() {
        ModelConfig reshaped = ModelConfig.newBuilder().setName("r").setMaxBatchSize(0)
                .addInput(ModelInput.newBuilder().setName("X").setDataType(ModelConfigProto.DataType.TYPE_INT32)
                        .addDims(4).setReshape(ModelTensorReshape.newBuilder().addShape(1).addShape(2).addShape(2)))
                .addOutput(ModelOutput.newBuilder().setName("Y").setDataType(ModelConfigProto.DataType.TYPE_INT32).addDims(4))
                .build();
        PreparedRequest prepared = new RequestPreparer("r", new ModelSignature(reshaped))
                .prepare(new InferenceRequest("", "r", "", List.of(int32("X", 4)), List.of(), Map.of()));
        assertArrayEquals(new long[] {1, 2, 2}, prepared.backendInputs().getFirst().shape());
    }
}
