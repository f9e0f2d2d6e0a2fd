package io.infergate.gateway.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.infergate.engine.config.proto.ModelConfigProto;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInput;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class InferRequestDecoderTest {
    private static final String INPUT = "{\"name\":\"IN\",\"shape\":[2],\"datatype\":\"INT32\",\"data\":[1,2]}";

    private static DecodedInfer decode(String json) {
        return InferRequestDecoder.decode("m", "", BinaryBody.split(null, Buffer.buffer(json)));
    }

    private static DecodedInfer decodeBinary(String json, Buffer tensors) {
        Buffer body = Buffer.buffer(json).appendBuffer(tensors);
        return InferRequestDecoder.decode("m", "", BinaryBody.split(Integer.toString(json.length()), body));
    }

    private static String fails(String json) {
        InferenceException e = assertThrows(InferenceException.class, () -> decode(json));
        assertEquals(Status.INVALID_ARG, e.status());
        return e.getMessage();
    }

    @Test
    void decodesAJsonRequest() {
        DecodedInfer decoded = decode("{\"id\":\"r1\",\"inputs\":[" + INPUT + "]}");
        assertEquals("r1", decoded.request().id());
        Tensor in = decoded.request().inputs().get(0);
        assertEquals("IN", in.name());
        assertEquals(2, in.data().getInt(4));
        assertFalse(decoded.format().binary("OUT"));
    }

    @Test
    void malformedJsonIsRefused() {
        assertTrue(fails("{\"inputs\": [").contains("parse"));
    }

    @Test
    void aJsonArrayIsNotARequest() {
        fails("[1, 2]");
    }

    @Test
    void missingInputsIsRefused() {
        assertTrue(fails("{\"id\":\"x\"}").contains("inputs"));
    }

    @Test
    void inputWithoutNameIsRefused() {
        fails("{\"inputs\":[{\"shape\":[1],\"datatype\":\"INT32\",\"data\":[1]}]}");
    }

    @Test
    void inputWithoutShapeIsRefused() {
        fails("{\"inputs\":[{\"name\":\"IN\",\"datatype\":\"INT32\",\"data\":[1]}]}");
    }

    @Test
    void inputWithoutDatatypeIsRefused() {
        fails("{\"inputs\":[{\"name\":\"IN\",\"shape\":[1],\"data\":[1]}]}");
    }

    @Test
    void unknownDatatypeIsRefused() {
        assertTrue(fails("{\"inputs\":[{\"name\":\"IN\",\"shape\":[1],\"datatype\":\"FLOAT\",\"data\":[1]}]}")
                .contains("unknown datatype"));
    }

    /** Triton's JSON reader refuses a negative dimension (with 500, here 400: the client's mistake). */
    @Test
    void aNegativeDimensionIsRefusedInTritonsWordsBeforeAnyDataIsRead() {
        assertEquals("Unable to parse 'shape': attempt to access JSON non-unsigned-integer as unsigned-integer"
                + " (input 'IN', dimension -5)",
                fails("{\"inputs\":[{\"name\":\"IN\",\"shape\":[2,-5],\"datatype\":\"INT32\",\"data\":[1]}]}"));
    }

    @Test
    void shapeOverflowingSixtyFourBitsIsRefusedInTritonsWords() {
        assertEquals("input 'IN': shape [4294967296, 4294967296] causes total element count to exceed maximum size of"
                + " 9223372036854775807", fails("{\"inputs\":[{\"name\":\"IN\",\"shape\":[4294967296,4294967296],"
                + "\"datatype\":\"INT32\",\"data\":[1]}]}"));
    }

    @Test
    void byteSizeOverflowingSixtyFourBitsIsRefused() {
        assertEquals("byte size overflow for input 'IN': shape [4611686018427387904] of INT64 holds more than"
                + " 9223372036854775807 bytes", fails("{\"inputs\":[{\"name\":\"IN\",\"shape\":[4611686018427387904],"
                + "\"datatype\":\"INT64\",\"data\":[1]}]}"));
    }

    @Test
    void jsonDataNotMatchingTheShapeIsRefused() {
        fails("{\"inputs\":[{\"name\":\"IN\",\"shape\":[3],\"datatype\":\"INT32\",\"data\":[1,2]}]}");
    }

    @Test
    void inputWithoutDataIsRefused() {
        fails("{\"inputs\":[{\"name\":\"IN\",\"shape\":[1],\"datatype\":\"INT32\"}]}");
    }

    @Test
    void duplicateInputsAreLeftToTheEngine() {
        assertEquals(2, decode("{\"inputs\":[" + INPUT + "," + INPUT + "]}").request().inputs().size());
    }

    @Test
    void classificationZeroIsRefused() {
        fails("{\"inputs\":[" + INPUT + "],\"outputs\":[{\"name\":\"O\",\"parameters\":{\"classification\":0}}]}");
    }

    @Test
    void classificationFractionIsRefused() {
        fails("{\"inputs\":[" + INPUT + "],\"outputs\":[{\"name\":\"O\",\"parameters\":{\"classification\":1.5}}]}");
    }

    @Test
    void classificationStringIsRefused() {
        fails("{\"inputs\":[" + INPUT + "],\"outputs\":[{\"name\":\"O\",\"parameters\":{\"classification\":\"3\"}}]}");
    }

    @Test
    void classificationCountReachesTheEngine() {
        DecodedInfer decoded = decode("{\"inputs\":[" + INPUT
                + "],\"outputs\":[{\"name\":\"O\",\"parameters\":{\"classification\":3}}]}");
        assertEquals(3, decoded.request().requestedOutputs().get(0).classificationCount());
    }

    @Test
    void reservedInputParameterIsRefused() {
        assertEquals("parameter keys starting with 'triton_' are reserved for Triton usage and should not be specified"
                + " (input 'IN' parameter 'triton_enable')", fails("{\"inputs\":[{\"name\":\"IN\",\"shape\":[1],\"datatype\":\"INT32\","
                + "\"data\":[1],\"parameters\":{\"triton_enable\":true}}]}"));
    }

    @Test
    void objectParameterValueIsRefused() {
        fails("{\"parameters\":{\"p\":{}},\"inputs\":[" + INPUT + "]}");
    }

    @Test
    void requestParametersReachTheEngine() {
        DecodedInfer decoded = decode("{\"parameters\":{\"priority\":2,\"tag\":\"a\"},\"inputs\":[" + INPUT + "]}");
        assertEquals(2, decoded.request().parameters().get("priority"));
        assertEquals("a", decoded.request().parameters().get("tag"));
    }

    @Test
    void jsonNestedDeeperThanOneHundredIsRefusedInTritonsWords() {
        String deep = "[".repeat(101) + "]".repeat(101);
        assertEquals("JSON nesting depth exceeds maximum allowed limit (100)", fails("{\"inputs\":" + deep + "}"));
    }

    @Test
    void dataNestedFiftyLevelsIsAccepted() {
        String data = "[".repeat(50) + "123" + "]".repeat(50);
        DecodedInfer decoded = decode("{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"INT64\",\"shape\":[1,1],"
                + "\"data\":" + data + "}]}");
        assertEquals(123, decoded.request().inputs().getFirst().bytes().getLong(0));
    }

    @Test
    void bracketsInsideStringsDoNotCountAsNesting() {
        DecodedInfer decoded = decode("{\"id\":\"" + "[".repeat(200) + "\",\"inputs\":[" + INPUT + "]}");
        assertEquals(200, decoded.request().id().length());
    }

    @Test
    void binaryOutputByRequestParameter() {
        DecodedInfer decoded = decode("{\"parameters\":{\"binary_data_output\":true},\"inputs\":[" + INPUT + "]}");
        assertTrue(decoded.format().binary("ANY"));
    }

    @Test
    void outputBinaryDataOverridesTheRequestDefault() {
        DecodedInfer decoded = decode("{\"parameters\":{\"binary_data_output\":true},\"inputs\":[" + INPUT
                + "],\"outputs\":[{\"name\":\"O\",\"parameters\":{\"binary_data\":false}}]}");
        assertFalse(decoded.format().binary("O"));
        assertTrue(decoded.format().binary("P"));
    }

    @Test
    void binaryInputsAreSlicedFromTheBodyInOrder() {
        String json = "{\"inputs\":[{\"name\":\"A\",\"shape\":[1],\"datatype\":\"INT32\",\"parameters\":{\"binary_data_size\":4}},"
                + "{\"name\":\"B\",\"shape\":[2],\"datatype\":\"BOOL\",\"parameters\":{\"binary_data_size\":2}}]}";
        DecodedInfer decoded = decodeBinary(json, Buffer.buffer().appendIntLE(7).appendByte((byte) 1).appendByte((byte) 0));
        List<Tensor> inputs = decoded.request().inputs();
        assertEquals(7, inputs.get(0).data().getInt(0));
        assertEquals(1, inputs.get(1).data().get(0));
        assertEquals(0, inputs.get(1).data().get(1));
    }

    @Test
    void binarySizesShortOfTheBodyAreRefused() {
        String json = "{\"inputs\":[{\"name\":\"A\",\"shape\":[1],\"datatype\":\"INT32\",\"parameters\":{\"binary_data_size\":4}}]}";
        assertThrows(InferenceException.class, () -> decodeBinary(json, Buffer.buffer(new byte[6])));
    }

    @Test
    void binarySizeBeyondTheBodyIsRefused() {
        String json = "{\"inputs\":[{\"name\":\"A\",\"shape\":[1],\"datatype\":\"INT32\",\"parameters\":{\"binary_data_size\":4}}]}";
        assertThrows(InferenceException.class, () -> decodeBinary(json, Buffer.buffer(new byte[2])));
    }

    @Test
    void binaryDataLengthIsLeftToTheEngine() {
        String json = "{\"inputs\":[{\"name\":\"A\",\"shape\":[2],\"datatype\":\"INT32\",\"parameters\":{\"binary_data_size\":4}}]}";
        assertEquals(4, decodeBinary(json, Buffer.buffer(new byte[4])).request().inputs().get(0).byteSize());
    }

    @Test
    void negativeBinaryDataSizeIsRefused() {
        String json = "{\"inputs\":[{\"name\":\"A\",\"shape\":[1],\"datatype\":\"INT32\",\"parameters\":{\"binary_data_size\":-4}}]}";
        assertThrows(InferenceException.class, () -> decodeBinary(json, Buffer.buffer(new byte[4])));
    }

    @Test
    void dataAndBinarySizeTogetherAreRefused() {
        String json = "{\"inputs\":[{\"name\":\"A\",\"shape\":[1],\"datatype\":\"INT32\",\"data\":[1],"
                + "\"parameters\":{\"binary_data_size\":4}}]}";
        assertThrows(InferenceException.class, () -> decodeBinary(json, Buffer.buffer(new byte[4])));
    }

    /** A model with these inputs (name, config datatype, dims) and max_batch_size. */
    private static ModelConfig model(int maxBatchSize, Object... inputs) {
        ModelConfig.Builder config = ModelConfig.newBuilder().setName("m").setMaxBatchSize(maxBatchSize);
        for (int i = 0; i < inputs.length; i += 3) {
            ModelInput.Builder input = ModelInput.newBuilder().setName((String) inputs[i])
                    .setDataType((ModelConfigProto.DataType) inputs[i + 1]);
            for (long dim : (long[]) inputs[i + 2]) {
                input.addDims(dim);
            }
            config.addInput(input);
        }
        return config.build();
    }

    private static String rawFails(Buffer body, ModelConfig config) {
        InferenceException e = assertThrows(InferenceException.class,
                () -> InferRequestDecoder.decodeRaw("m", "", body, config));
        assertEquals(Status.INVALID_ARG, e.status());
        return e.getMessage();
    }

    @Test
    void rawRequestTakesTypeFromTheConfigurationAndSizesTheVariableDimension() {
        ModelConfig config = model(0, "IN", ModelConfigProto.DataType.TYPE_FP32, new long[] {-1, 2});
        DecodedInfer decoded = InferRequestDecoder.decodeRaw("m", "", Buffer.buffer(new byte[24]), config);
        assertArrayEquals(new long[] {3, 2}, decoded.request().inputs().get(0).shape());
        assertEquals(DataType.FP32, decoded.request().inputs().get(0).dataType());
        assertTrue(decoded.format().binary("OUT"));
    }

    @Test
    void rawRequestToABatchingModelIsOneItem() {
        ModelConfig config = model(8, "IN", ModelConfigProto.DataType.TYPE_FP32, new long[] {-1});
        DecodedInfer decoded = InferRequestDecoder.decodeRaw("m", "", Buffer.buffer(new byte[12]), config);
        assertArrayEquals(new long[] {1, 3}, decoded.request().inputs().get(0).shape());
    }

    @Test
    void rawRequestForAModelWithThreeInputsIsRefusedInTritonsWords() {
        ModelConfig config = model(0, "A", ModelConfigProto.DataType.TYPE_FP32, new long[] {8},
                "B", ModelConfigProto.DataType.TYPE_FP32, new long[] {8}, "C", ModelConfigProto.DataType.TYPE_FP32,
                new long[] {8});
        assertEquals("Raw request must only have 1 input (found 1) to be deduced but got 3 inputs in 'm' model"
                + " configuration", rawFails(Buffer.buffer(new byte[96]), config));
    }

    @Test
    void rawRequestWithTwoVariableDimensionsIsRefusedInTritonsWords() {
        ModelConfig config = model(0, "INPUT0", ModelConfigProto.DataType.TYPE_FP16, new long[] {-1, -1});
        assertEquals("The shape of the raw input 'INPUT0' can not be deduced because there are more than one"
                + " variable-sized dimension", rawFails(Buffer.buffer(new byte[8]), config));
    }

    @Test
    void rawBytesRequestIsTheOneElementOfAShapeOneInput() {
        ModelConfig config = model(8, "IN", ModelConfigProto.DataType.TYPE_STRING, new long[] {1});
        Tensor input = InferRequestDecoder.decodeRaw("m", "", Buffer.buffer("427"), config).request().inputs().get(0);
        assertArrayEquals(new long[] {1, 1}, input.shape());
        assertEquals(3, input.bytes().getInt(0));
        assertArrayEquals(new String[] {"427"}, BytesElements.toStrings(input.bytes()));
        assertTrue(input.dataChecked(), "the decoder built the length prefix itself");
    }

    @Test
    void rawBytesRequestForAnInputOfMoreThanOneElementIsRefusedInTritonsWords() {
        ModelConfig config = model(0, "INPUT0", ModelConfigProto.DataType.TYPE_STRING, new long[] {-1});
        assertEquals("For BYTE datatype raw input 'INPUT0', the model must have input shape [1]",
                rawFails(Buffer.buffer("427"), config));
    }

    @Test
    void aRawRequestOfAFixedShapeIsLeftToTheEngineToCheck() {
        ModelConfig config = model(0, "IN", ModelConfigProto.DataType.TYPE_FP32, new long[] {2});
        assertFalse(InferRequestDecoder.decodeRaw("m", "", Buffer.buffer(new byte[3]), config).request().inputs()
                .get(0).dataChecked());
    }
}
