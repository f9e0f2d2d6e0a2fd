package io.infergate.gateway.kserve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.api.Status;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.infergate.gateway.kserve.InferRequestReader.ReadRequest;
import io.infergate.gateway.kserve.proto.InferParameter;
import io.infergate.gateway.kserve.proto.InferTensorContents;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferInputTensor;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferRequestedOutputTensor;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gRPC reader's wire-format rules, on messages built in memory: what it turns into an
 * InferenceRequest, and each rejection's status and message.
 */
class InferRequestReaderTest {

    private static InferInputTensor.Builder input(String name, String datatype, long... shape) {
        InferInputTensor.Builder input = InferInputTensor.newBuilder().setName(name).setDatatype(datatype);
        for (long dim : shape) {
            input.addShape(dim);
        }
        return input;
    }

    private static ModelInferRequest.Builder request(InferInputTensor.Builder... inputs) {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName("m");
        for (InferInputTensor.Builder input : inputs) {
            request.addInputs(input);
        }
        return request;
    }

    private static ByteString littleEndianInts(int... values) {
        ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            data.putInt(value);
        }
        return ByteString.copyFrom(data.flip());
    }

    private static byte[] bytes(Tensor tensor) {
        ByteBuffer data = tensor.bytes();
        byte[] array = new byte[data.remaining()];
        data.get(array);
        return array;
    }

    private static Tensor onlyInput(ModelInferRequest.Builder request) {
        return InferRequestReader.read(request.build()).request().inputs().getFirst();
    }

    private static void assertRefused(Status status, String message, ModelInferRequest.Builder request) {
        InferenceException e = assertThrows(InferenceException.class, () -> InferRequestReader.read(request.build()));
        assertEquals(status, e.status());
        assertEquals(message, e.getMessage());
    }

    private static InferParameter int64(long value) {
        return InferParameter.newBuilder().setInt64Param(value).build();
    }

    private static InferParameter string(String value) {
        return InferParameter.newBuilder().setStringParam(value).build();
    }

    // What a message becomes

    @Test
    void rawInputContentsBecomeTheInputsDataAsSent() {
        ByteString raw = littleEndianInts(1, 2, 3, 4);

        Tensor input = onlyInput(request(input("IN", "INT32", 2, 2)).addRawInputContents(raw));

        assertEquals("IN", input.name());
        assertEquals(DataType.INT32, input.dataType());
        assertArrayEquals(new long[] {2, 2}, input.shape());
        assertArrayEquals(raw.toByteArray(), bytes(input));
    }

    @Test
    void rawInputContentsAreNotCheckedAgainstTheShapeHere() {
        // the data length is a model-level rule, the engine's RequestPreparer's
        Tensor input = onlyInput(request(input("IN", "INT32", 2, 2)).addRawInputContents(littleEndianInts(1)));

        assertEquals(4, input.byteSize());
    }

    @Test
    void typedFp32ContentsBecomeLittleEndianBytes() {
        Tensor input = onlyInput(request(input("IN", "FP32", 2)
                .setContents(InferTensorContents.newBuilder().addFp32Contents(1.5f).addFp32Contents(-2f))));

        ByteBuffer data = input.bytes();
        assertEquals(8, data.remaining());
        assertEquals(1.5f, data.getFloat(0));
        assertEquals(-2f, data.getFloat(4));
    }

    @Test
    void typedBytesContentsBecomeLengthPrefixedElements() {
        Tensor input = onlyInput(request(input("IN", "BYTES", 2).setContents(InferTensorContents.newBuilder()
                .addBytesContents(ByteString.copyFromUtf8("ab")).addBytesContents(ByteString.copyFromUtf8("")))));

        assertArrayEquals(new String[] {"ab", ""}, BytesElements.toStrings(input.bytes()));
    }

    @Test
    void typedBoolContentsBecomeOneByteEach() {
        Tensor input = onlyInput(request(input("IN", "BOOL", 2)
                .setContents(InferTensorContents.newBuilder().addBoolContents(true).addBoolContents(false))));

        assertArrayEquals(new byte[] {1, 0}, bytes(input));
    }

    @Test
    void typedUint8ContentsTakeTheWholeUnsignedRange() {
        Tensor input = onlyInput(request(input("IN", "UINT8", 2)
                .setContents(InferTensorContents.newBuilder().addUintContents(0).addUintContents(255))));

        assertArrayEquals(new byte[] {0, (byte) 255}, bytes(input));
    }

    @Test
    void anInputWithNeitherContentsNorRawContentsHasNoData() {
        Tensor input = onlyInput(request(input("IN", "FP32", 2)));

        assertEquals(0, input.byteSize());
    }

    @Test
    void requestParametersBecomePlainValues() {
        ModelInferRequest.Builder request = request().putParameters("sequence_id", int64(7))
                .putParameters("tag", string("x"))
                .putParameters("big", InferParameter.newBuilder().setUint64Param(-1L).build());

        Map<String, Object> parameters = InferRequestReader.read(request.build()).request().parameters();

        assertEquals(7L, parameters.get("sequence_id"));
        assertEquals("x", parameters.get("tag"));
        assertEquals(new BigInteger("18446744073709551615"), parameters.get("big"));
    }

    @Test
    void theEmptyFinalResponseFlagIsTakenOutOfTheParameters() {
        ModelInferRequest.Builder request = request().putParameters(InferRequestReader.ENABLE_EMPTY_FINAL_RESPONSE,
                InferParameter.newBuilder().setBoolParam(true).build());

        ReadRequest read = InferRequestReader.read(request.build());

        assertTrue(read.emptyFinalResponse());
        assertFalse(read.request().parameters().containsKey(InferRequestReader.ENABLE_EMPTY_FINAL_RESPONSE));
    }

    @Test
    void aClassificationParameterBecomesTheOutputsClassificationCount() {
        ModelInferRequest.Builder request = request().addOutputs(InferRequestedOutputTensor.newBuilder().setName("OUT")
                .putParameters("classification", int64(3)).putParameters("binary_data", string("yes")));

        RequestedOutput output = InferRequestReader.read(request.build()).request().requestedOutputs().getFirst();

        assertEquals(new RequestedOutput("OUT", 3, Map.of("binary_data", "yes")), output);
    }

    // Wire-format rejections

    @Test
    void rawInputContentsNotOnePerInputAreRefused() {
        assertRefused(Status.INVALID_ARG,
                "the request has 2 inputs but 1 raw_input_contents: give one per input, in the same order",
                request(input("A", "INT32", 1), input("B", "INT32", 1)).addRawInputContents(littleEndianInts(1)));
    }

    @Test
    void anInputWithBothContentsAndRawContentsIsRefusedInTritonsWords() {
        assertRefused(Status.INVALID_ARG, "contents field must not be specified when using raw_input_contents for 'IN'"
                + " for model 'm'",
                request(input("IN", "INT32", 1).setContents(InferTensorContents.newBuilder().addIntContents(1)))
                        .addRawInputContents(littleEndianInts(1)));
    }

    /** What tritonclient's grpc_explicit_int_content_client.py sends: typed contents are named before the count. */
    @Test
    void typedContentsBesideFewerRawContentsThanInputsAreRefusedForTheContentsFirst() {
        assertRefused(Status.INVALID_ARG, "contents field must not be specified when using raw_input_contents for 'A'"
                + " for model 'm'",
                request(input("A", "INT32", 1).setContents(InferTensorContents.newBuilder().addIntContents(1)),
                        input("B", "INT32", 1).setContents(InferTensorContents.newBuilder().addIntContents(2)))
                        .addRawInputContents(littleEndianInts(1)));
    }

    @Test
    void anUnknownDatatypeIsRefused() {
        assertRefused(Status.INVALID_ARG, "input 'IN' has unknown datatype 'FLOAT32'",
                request(input("IN", "FLOAT32", 1)).addRawInputContents(littleEndianInts(1)));
    }

    @Test
    void aDatatypeNameIsCaseSensitive() {
        assertRefused(Status.INVALID_ARG, "input 'IN' has unknown datatype 'fp32'",
                request(input("IN", "fp32", 1)).addRawInputContents(littleEndianInts(1)));
    }

    @Test
    void typedContentsWithFewerElementsThanTheShapeAreRefused() {
        assertRefused(Status.INVALID_ARG, "input 'IN' has 3 elements in its contents but its shape needs 4",
                request(input("IN", "INT32", 2, 2).setContents(
                        InferTensorContents.newBuilder().addIntContents(1).addIntContents(2).addIntContents(3))));
    }

    @Test
    void typedContentsInAnotherDatatypesFieldAreRefused() {
        assertRefused(Status.INVALID_ARG, "input 'IN' of datatype FP32 takes its contents from fp32_contents only",
                request(input("IN", "FP32", 2).setContents(
                        InferTensorContents.newBuilder().addIntContents(1).addIntContents(2))));
    }

    @Test
    void typedContentsAlsoInAnotherFieldAreRefused() {
        assertRefused(Status.INVALID_ARG, "input 'IN' of datatype INT64 takes its contents from int64_contents only",
                request(input("IN", "INT64", 1).setContents(
                        InferTensorContents.newBuilder().addInt64Contents(1).addIntContents(2))));
    }

    @Test
    void anInt8ContentsValueOutsideItsRangeIsRefused() {
        assertRefused(Status.INVALID_ARG, "input 'IN' has contents value 300 outside its datatype's range",
                request(input("IN", "INT8", 1).setContents(InferTensorContents.newBuilder().addIntContents(300))));
    }

    @Test
    void aUint16ContentsValueOutsideItsRangeIsRefused() {
        assertRefused(Status.INVALID_ARG, "input 'IN' has contents value 65536 outside its datatype's range",
                request(input("IN", "UINT16", 1).setContents(InferTensorContents.newBuilder().addUintContents(65536))));
    }

    @Test
    void fp16HasNoTypedContents() {
        assertRefused(Status.INVALID_ARG,
                "input 'IN' of datatype FP16 has no typed contents: send it in raw_input_contents",
                request(input("IN", "FP16", 1).setContents(InferTensorContents.newBuilder().addFp32Contents(1f))));
    }

    @Test
    void typedContentsForANegativeDimensionAreRefusedBeforeAnyAllocation() {
        assertRefused(Status.INVALID_ARG, "input 'IN': shape [2, -1] has a negative dimension",
                request(input("IN", "FP32", 2, -1).setContents(InferTensorContents.newBuilder().addFp32Contents(1f))));
    }

    @Test
    void typedContentsForAShapeBeyond64BitsAreRefused() {
        assertRefused(Status.INVALID_ARG, "input 'IN': shape [4294967296, 4294967296] causes total element count to"
                + " exceed maximum size of 9223372036854775807",
                request(input("IN", "FP32", 1L << 32, 1L << 32)
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(1f))));
    }

    @Test
    void aReservedInputParameterIsRefused() {
        assertRefused(Status.INVALID_ARG,
                "parameter keys starting with 'triton_' are reserved for Triton usage and should not be specified"
                        + " (input 'IN' parameter 'triton_x')",
                request(input("IN", "INT32", 1).putParameters("triton_x", int64(1)))
                        .addRawInputContents(littleEndianInts(1)));
    }

    @Test
    void aSharedMemoryRegionWithoutAByteSizeIsRefused() {
        assertRefused(Status.INVALID_ARG, "input 'IN': parameters 'shared_memory_region' and 'shared_memory_byte_size'"
                + " go together; the request gives only 'shared_memory_region'",
                request(input("IN", "INT32", 1).putParameters("shared_memory_region", string("r"))));
    }

    @Test
    void aSharedMemoryInputWithoutClientSharedMemoryNamesTheFlag() {
        assertRefused(Status.UNAVAILABLE, "system shared memory is disabled on this server: start it with"
                + " --allow-client-shm=true to let clients use shared-memory regions",
                request(input("IN", "INT32", 1).putParameters("shared_memory_region", string("r"))
                        .putParameters("shared_memory_byte_size", int64(4))));
    }

    @Test
    void aNonBooleanEmptyFinalResponseFlagIsRefused() {
        assertRefused(Status.INVALID_ARG, "parameter 'triton_enable_empty_final_response' must be a boolean",
                request().putParameters(InferRequestReader.ENABLE_EMPTY_FINAL_RESPONSE, string("true")));
    }

    @Test
    void aRequestParameterWithoutAValueIsRefused() {
        assertRefused(Status.INVALID_ARG, "request parameter 'p' has no value",
                request().putParameters("p", InferParameter.getDefaultInstance()));
    }

    @Test
    void anOutputParameterWithoutAValueIsRefused() {
        assertRefused(Status.INVALID_ARG, "output 'OUT' parameter 'p' has no value",
                request().addOutputs(InferRequestedOutputTensor.newBuilder().setName("OUT")
                        .putParameters("p", InferParameter.getDefaultInstance())));
    }

    @Test
    void aClassificationOfZeroIsRefused() {
        assertRefused(Status.INVALID_ARG, "output 'OUT' parameter 'classification' must be a positive integer, got 0",
                request().addOutputs(InferRequestedOutputTensor.newBuilder().setName("OUT")
                        .putParameters("classification", int64(0))));
    }

    @Test
    void aClassificationThatIsNotAnIntegerIsRefused() {
        assertRefused(Status.INVALID_ARG,
                "output 'OUT' parameter 'classification' must be a positive integer, got three",
                request().addOutputs(InferRequestedOutputTensor.newBuilder().setName("OUT")
                        .putParameters("classification", string("three"))));
    }

    @Test
    void everyInputIsReadInOrder() {
        List<Tensor> inputs = InferRequestReader.read(request(input("A", "INT32", 1), input("B", "INT32", 1))
                .addRawInputContents(littleEndianInts(1)).addRawInputContents(littleEndianInts(2)).build())
                .request().inputs();

        assertEquals(List.of("A", "B"), inputs.stream().map(Tensor::name).toList());
        assertArrayEquals(littleEndianInts(2).toByteArray(), bytes(inputs.get(1)));
    }
}
