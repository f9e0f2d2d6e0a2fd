package io.infergate.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.api.Status;
import io.infergate.engine.config.proto.ModelConfigProto;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelOutput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelTensorReshape;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    private static final ModelConfig TEXT = ModelConfig.newBuilder().setName("text").setMaxBatchSize(0)
            .addInput(ModelInput.newBuilder().setName("TEXT").setDataType(ModelConfigProto.DataType.TYPE_STRING).addDims(-1))
            .addOutput(ModelOutput.newBuilder().setName("OUT").setDataType(ModelConfigProto.DataType.TYPE_STRING).addDims(-1))
            .build();

    private static final String RESERVED = "parameter keys starting with 'triton_' are reserved for Triton usage and"
            + " should not be specified (";

    /** Asserts that the request is refused INVALID_ARG with exactly this message. */
    private static void rejected(RequestPreparer preparer, InferenceRequest request, String message) {
        InferenceException e = assertThrows(InferenceException.class, () -> preparer.prepare(request));
        assertEquals(Status.INVALID_ARG, e.status(), e.getMessage());
        assertEquals(message, e.getMessage());
    }

    private void rejected(InferenceRequest request, String message) {
        rejected(preparer, request, message);
    }

    private static InferenceRequest withInputs(Tensor... inputs) {
        return request(List.of(inputs), List.of(), Map.of());
    }

    private static InferenceRequest withOutputs(RequestedOutput... outputs) {
        return request(List.of(int32("INPUT0", 1, 16), int32("INPUT1", 1, 16)), List.of(outputs), Map.of());
    }

    private static void rejectedText(ByteBuffer data, long elements, String message) {
        Tensor text = new Tensor("TEXT", DataType.BYTES, new long[] {elements}, data);
        rejected(new RequestPreparer("text", new ModelSignature(TEXT)),
                new InferenceRequest("", "text", "", List.of(text), List.of(), Map.of()), message);
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
        rejected(withInputs(int32("INPUT0", 1, 16)),
                "expected 2 inputs but got 1 inputs for model 'simple'. Got inputs ['INPUT0'], but missing required"
                        + " inputs ['INPUT1']. Please provide all required inputs.");
    }

    @Test
    void missingInputOfAModelWithOptionalInputsIsRejectedWithTheRange() {
        ModelConfig optional = SIMPLE.toBuilder().setInput(1, SIMPLE.getInput(1).toBuilder().setOptional(true)).build();
        rejected(new RequestPreparer("simple", new ModelSignature(optional)), withInputs(int32("INPUT1", 1, 16)),
                "expected number of inputs between 1 and 2 but got 1 inputs for model 'simple'. Got inputs ['INPUT1'],"
                        + " but missing required inputs ['INPUT0']. Please provide all required inputs.");
    }

    @Test
    void unknownInputIsRejected() {
        rejected(withInputs(int32("INPUT0", 1, 16), int32("INPUT1", 1, 16), int32("EXTRA", 1, 16)),
                "unexpected inference input 'EXTRA' for model 'simple'");
    }

    @Test
    void duplicateInputIsRejected() {
        rejected(withInputs(int32("INPUT0", 1, 16), int32("INPUT0", 1, 16)),
                "input 'INPUT0' already exists in request");
    }

    @Test
    void wrongDatatypeIsRejected() {
        Tensor fp32 = new Tensor("INPUT1", DataType.FP32, new long[] {1, 16}, ByteBuffer.allocate(64));
        rejected(withInputs(int32("INPUT0", 1, 16), fp32),
                "inference input 'INPUT1' data-type is 'FP32', but model 'simple' expects 'INT32'");
    }

    @Test
    void negativeDimensionIsRejected() {
        Tensor negative = new Tensor("INPUT0", DataType.INT32, new long[] {-1, 16}, ByteBuffer.allocate(0));
        rejected(withInputs(negative, int32("INPUT1", 1, 16)), "input 'INPUT0': shape [-1, 16] has a negative dimension");
    }

    @Test
    void byteSizeBeyondSixtyFourBitsIsRejectedInTritonsWords() {
        Tensor huge = new Tensor("INPUT0", DataType.INT32, new long[] {1, 1L << 62}, ByteBuffer.allocate(0));
        rejected(withInputs(huge, int32("INPUT1", 1, 16)), "byte size overflow for input 'INPUT0': shape"
                + " [1, 4611686018427387904] of INT32 holds more than 9223372036854775807 bytes");
    }

    @Test
    void elementCountBeyondSixtyFourBitsIsRejectedInTritonsWords() {
        Tensor huge = new Tensor("INPUT0", DataType.INT32, new long[] {16, (1L << 60) + 2}, ByteBuffer.allocate(0));
        rejected(withInputs(huge, int32("INPUT1", 1, 16)), "input 'INPUT0': shape [16, 1152921504606846978] causes"
                + " total element count to exceed maximum size of 9223372036854775807");
    }

    @Test
    void wrongShapeIsRejected() {
        rejected(withInputs(int32("INPUT0", 1, 15), int32("INPUT1", 1, 15)),
                "unexpected shape for input 'INPUT0' for model 'simple'. Expected [-1, 16], got [1, 15]. "
                        + RequestPreparer.IMPLICIT_BATCH_NOTE);
    }

    @Test
    void inputWithoutShapeForABatchingModelIsRejectedInTritonsWords() {
        rejected(withInputs(int32("INPUT0"), int32("INPUT1", 1, 16)),
                "input 'INPUT0' has no shape but model requires batch dimension for 'simple'");
    }

    @Test
    void batchLargerThanMaxBatchSizeIsRejected() {
        rejected(withInputs(int32("INPUT0", 9, 16), int32("INPUT1", 9, 16)),
                "inference request batch-size must be <= 8 for 'simple'");
    }

    @Test
    void inputsWithDifferentBatchSizesAreRejected() {
        rejected(withInputs(int32("INPUT0", 1, 16), int32("INPUT1", 2, 16)),
                "input 'INPUT1' batch size does not match other inputs for 'simple'");
    }

    @Test
    void dataLengthNotMatchingShapeIsRejectedInTritonsWords() {
        Tensor shortData = new Tensor("INPUT1", DataType.INT32, new long[] {1, 16}, ByteBuffer.allocate(60));
        rejected(withInputs(int32("INPUT0", 1, 16), shortData),
                "input byte size mismatch for input 'INPUT1' for model 'simple'. Expected 64, got 60");
    }

    @Test
    void bytesLengthPrefixRunningPastTheDataIsRejected() {
        ByteBuffer data = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putInt(100).putShort((short) 0).flip();
        rejectedText(data, 1, "input 'TEXT': BYTES element 0 declares 100 bytes but only 2 remain");
    }

    @Test
    void bytesElementCountNotMatchingShapeIsRejectedInTritonsWords() {
        rejectedText(BytesElements.fromStrings("a", "b"), 3,
                "expected 3 string elements for inference input 'TEXT' for model 'text', got 2");
    }

    /** A frontend that counted the elements to size the shape marks the tensor checked: no second scan. */
    @Test
    void aBytesTensorWhoseDataIsCheckedAlreadyIsNotScannedAgain() {
        // data that a scan would refuse: were it scanned, the request would fail
        ByteBuffer unscannable = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putInt(100).putShort((short) 0)
                .flip();
        Tensor text = new Tensor("TEXT", DataType.BYTES, new long[] {1}, unscannable, true);

        PreparedRequest prepared = new RequestPreparer("text", new ModelSignature(TEXT))
                .prepare(new InferenceRequest("", "text", "", List.of(text), List.of(), Map.of()));

        assertEquals(List.of(text), prepared.backendInputs());
    }

    @Test
    void unknownRequestedOutputIsRejected() {
        rejected(withOutputs(RequestedOutput.named("NOPE")), "unexpected inference output 'NOPE' for model 'simple'");
    }

    @Test
    void duplicateRequestedOutputIsRejected() {
        rejected(withOutputs(RequestedOutput.named("OUTPUT0"), RequestedOutput.named("OUTPUT0")),
                "output 'OUTPUT0' already exists in request");
    }

    @Test
    void negativeClassificationCountIsRejected() {
        rejected(withOutputs(new RequestedOutput("OUTPUT0", -1, Map.of())),
                "classification count for output 'OUTPUT0' must be > 0");
    }

    @Test
    void negativePriorityIsRejectedInTritonsWords() {
        rejected(request(List.of(int32("INPUT0", 1, 16), int32("INPUT1", 1, 16)), List.of(), Map.of("priority", -1L)),
                "invalid value for 'priority', expected value >= 0, got -1");
    }

    @Test
    void aTimeoutAboveADayIsRejected() {
        rejected(request(List.of(int32("INPUT0", 1, 16), int32("INPUT1", 1, 16)), List.of(),
                Map.of("timeout", 86_400_000_001L)), "invalid value for 'timeout', expected value <= 86400000000, got"
                + " 86400000001");
    }

    @Test
    void aTimeoutThatIsNotAWholeNumberIsRejectedInTritonsWords() {
        rejected(request(List.of(int32("INPUT0", 1, 16), int32("INPUT1", 1, 16)), List.of(), Map.of("timeout", "soon")),
                "invalid value type for 'timeout' parameter, expected a whole number, got 'soon'");
    }

    @Test
    void reservedParameterIsRejected() {
        rejected(request(List.of(int32("INPUT0", 1, 16), int32("INPUT1", 1, 16)), List.of(),
                Map.of("triton_enable_empty_final_response", true)),
                RESERVED + "request parameter 'triton_enable_empty_final_response')");
    }

    @Test
    void reservedOutputParameterIsRejected() {
        rejected(withOutputs(new RequestedOutput("OUTPUT0", 0, Map.of("triton_x", true))),
                RESERVED + "output 'OUTPUT0' parameter 'triton_x')");
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
