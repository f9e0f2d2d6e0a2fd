package io.infergate.gateway.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.ModelMetadata;
import io.infergate.engine.api.ModelMetadata.TensorMetadata;
import io.infergate.engine.api.Status;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
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

    @Test
    void jsonDataForANegativeDimensionIsRefusedBeforeItIsRead() {
        assertEquals("input 'IN': shape [2, -1] has a negative dimension",
                fails("{\"inputs\":[{\"name\":\"IN\",\"shape\":[2,-1],\"datatype\":\"INT32\",\"data\":[1]}]}"));
    }

    @Test
    void shapeOverflowingSixtyFourBitsIsRefused() {
        assertTrue(fails("{\"inputs\":[{\"name\":\"IN\",\"shape\":[4294967296,4294967296],\"datatype\":\"INT32\","
                + "\"data\":[1]}]}").contains("overflows"));
    }

    @Test
    void byteSizeOverflowingSixtyFourBitsIsRefused() {
        assertTrue(fails("{\"inputs\":[{\"name\":\"IN\",\"shape\":[4611686018427387904],\"datatype\":\"INT64\","
                + "\"data\":[1]}]}").contains("overflows"));
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
        assertEquals("input 'IN' parameter 'triton_enable' is reserved: keys starting with 'triton_' may not be used"
                + " in requests", fails("{\"inputs\":[{\"name\":\"IN\",\"shape\":[1],\"datatype\":\"INT32\","
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
    void jsonNestedDeeperThanOneHundredIsRefused() {
        String deep = "[".repeat(101) + "]".repeat(101);
        assertTrue(fails("{\"inputs\":" + deep + "}").contains("deeper than 100"));
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

    @Test
    void rawRequestTakesTypeFromMetadataAndInfersTheVariableDimension() {
        ModelMetadata metadata = new ModelMetadata("m", List.of("1"), "identity",
                List.of(new TensorMetadata("IN", "FP32", new long[] {-1, 2})), List.of());
        Buffer body = Buffer.buffer(new byte[24]);
        DecodedInfer decoded = InferRequestDecoder.decodeRaw("m", "", body, metadata);
        assertEquals(3, decoded.request().inputs().get(0).shape()[0]);
        assertTrue(decoded.format().binary("OUT"));
    }

    @Test
    void rawRequestToABatchingModelIsOneItem() {
        ModelMetadata metadata = new ModelMetadata("m", List.of("1"), "identity",
                List.of(new TensorMetadata("IN", "FP32", new long[] {-1, -1})), List.of());
        DecodedInfer decoded = InferRequestDecoder.decodeRaw("m", "", Buffer.buffer(new byte[12]), metadata);
        assertArrayEquals(new long[] {1, 3}, decoded.request().inputs().get(0).shape());
    }

    @Test
    void rawRequestForAModelWithTwoInputsIsRefused() {
        ModelMetadata metadata = new ModelMetadata("m", List.of("1"), "identity",
                List.of(new TensorMetadata("A", "FP32", new long[] {1}), new TensorMetadata("B", "FP32", new long[] {1})),
                List.of());
        assertThrows(InferenceException.class,
                () -> InferRequestDecoder.decodeRaw("m", "", Buffer.buffer(new byte[4]), metadata));
    }

    @Test
    void rawBytesRequestCountsElements() {
        ModelMetadata metadata = new ModelMetadata("m", List.of("1"), "identity",
                List.of(new TensorMetadata("IN", "BYTES", new long[] {-1})), List.of());
        DecodedInfer decoded = InferRequestDecoder.decodeRaw("m", "", bytesBody("a", "bc"), metadata);
        assertEquals(2, decoded.request().inputs().get(0).shape()[0]);
    }

    /** Counting walked every length prefix: the engine need not walk them again. */
    @Test
    void aRawBytesRequestWhoseShapeWasCountedIsMarkedChecked() {
        ModelMetadata metadata = new ModelMetadata("m", List.of("1"), "identity",
                List.of(new TensorMetadata("IN", "BYTES", new long[] {-1})), List.of());
        assertTrue(InferRequestDecoder.decodeRaw("m", "", bytesBody("a", "bc"), metadata).request().inputs().get(0)
                .dataChecked());
    }

    @Test
    void aRawRequestOfAFixedShapeIsLeftToTheEngineToCheck() {
        ModelMetadata metadata = new ModelMetadata("m", List.of("1"), "identity",
                List.of(new TensorMetadata("IN", "BYTES", new long[] {2})), List.of());
        assertFalse(InferRequestDecoder.decodeRaw("m", "", Buffer.buffer(new byte[3]), metadata).request().inputs()
                .get(0).dataChecked());
    }

    private static Buffer bytesBody(String... strings) {
        ByteBuffer serialized = BytesElements.fromStrings(strings);
        byte[] bytes = new byte[serialized.remaining()];
        serialized.get(bytes);
        return Buffer.buffer(bytes);
    }
}
