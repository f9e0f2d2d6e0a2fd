package io.infergate.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.DataType;
import io.vertx.core.json.JsonArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class JsonTensorDataTest {

    private static ByteBuffer encode(DataType type, long[] shape, String json) {
        return JsonTensorData.encode("x", type, shape, new JsonArray(json)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String fails(DataType type, long[] shape, String json) {
        return assertThrows(InferenceException.class, () -> encode(type, shape, json)).getMessage();
    }

    @Test
    void flatInt32IsLittleEndian() {
        ByteBuffer data = encode(DataType.INT32, new long[] {3}, "[1, -2, 300]");
        assertEquals(12, data.remaining());
        assertEquals(1, data.getInt(0));
        assertEquals(-2, data.getInt(4));
        assertEquals(300, data.getInt(8));
    }

    @Test
    void nestedDataMatchingTheShapeIsFlattenedRowMajor() {
        ByteBuffer data = encode(DataType.INT64, new long[] {2, 2}, "[[1, 2], [3, 4]]");
        assertEquals(3, data.getLong(16));
    }

    @Test
    void nestedDataOfTheWrongLengthIsRefused() {
        assertEquals("input 'x': data has 3 elements but shape [2, 2] needs 4",
                fails(DataType.INT32, new long[] {2, 2}, "[[1, 2], [3]]"));
    }

    /** Triton reads the values whatever the nesting: the shape alone gives the tensor's form. */
    @Test
    void dataNestedDeeperThanTheShapeIsReadInOrder() {
        ByteBuffer data = encode(DataType.INT32, new long[] {2}, "[[1], [2]]");
        assertEquals(2, data.getInt(4));
    }

    @Test
    void oneValueNestedFiftyLevelsDeepFillsAOneElementShape() {
        ByteBuffer data = encode(DataType.INT64, new long[] {1, 1}, "[".repeat(50) + "123" + "]".repeat(50));
        assertEquals(123, data.getLong(0));
    }

    @Test
    void flatDataWithTooFewElementsIsRefused() {
        assertEquals("input 'x': data has 3 elements but shape [2, 2] needs 4",
                fails(DataType.INT32, new long[] {2, 2}, "[1, 2, 3]"));
    }

    @Test
    void valuesAndArraysMayMixAtOneLevel() {
        ByteBuffer data = encode(DataType.INT32, new long[] {2}, "[1, [2]]");
        assertEquals(2, data.getInt(4));
    }

    @Test
    void uint8OutOfRangeIsRefused() {
        assertTrue(fails(DataType.UINT8, new long[] {1}, "[300]").contains("out of range for UINT8"));
    }

    @Test
    void negativeUnsignedIsRefused() {
        fails(DataType.UINT16, new long[] {1}, "[-1]");
    }

    @Test
    void int8OutOfRangeIsRefused() {
        fails(DataType.INT8, new long[] {1}, "[128]");
    }

    @Test
    void uint64AcceptsItsMaximum() {
        ByteBuffer data = encode(DataType.UINT64, new long[] {1}, "[18446744073709551615]");
        assertEquals(-1L, data.getLong(0));
    }

    @Test
    void uint64BeyondItsMaximumIsRefused() {
        fails(DataType.UINT64, new long[] {1}, "[18446744073709551616]");
    }

    @Test
    void int64BeyondItsRangeIsRefused() {
        fails(DataType.INT64, new long[] {1}, "[9223372036854775808]");
    }

    @Test
    void fractionForAnIntegerTypeIsRefused() {
        fails(DataType.INT32, new long[] {1}, "[1.5]");
    }

    @Test
    void boolTakesJsonBooleans() {
        ByteBuffer data = encode(DataType.BOOL, new long[] {2}, "[true, false]");
        assertEquals(1, data.get(0));
        assertEquals(0, data.get(1));
    }

    @Test
    void boolRefusesNumbers() {
        fails(DataType.BOOL, new long[] {1}, "[1]");
    }

    @Test
    void fp16IsConvertedFromJsonNumbers() {
        ByteBuffer data = encode(DataType.FP16, new long[] {2}, "[1.5, 2]");
        assertEquals(1.5f, Float.float16ToFloat(data.getShort(0)));
        assertEquals(2f, Float.float16ToFloat(data.getShort(2)));
    }

    @Test
    void fp16OverflowIsRefused() {
        fails(DataType.FP16, new long[] {1}, "[70000]");
    }

    @Test
    void bf16IsConvertedFromJsonNumbers() {
        ByteBuffer data = encode(DataType.BF16, new long[] {1}, "[-3.0]");
        assertEquals(-3f, Float.intBitsToFloat(data.getShort(0) << 16));
    }

    @Test
    void fp32OverflowIsRefused() {
        fails(DataType.FP32, new long[] {1}, "[1e39]");
    }

    @Test
    void fp64KeepsFullPrecision() {
        assertEquals(0.1, encode(DataType.FP64, new long[] {1}, "[0.1]").getDouble(0));
    }

    @Test
    void numbersAsStringsAreRefused() {
        fails(DataType.FP32, new long[] {1}, "[\"1.0\"]");
    }

    @Test
    void bytesAreUtf8StringsWithLengthPrefixes() {
        ByteBuffer data = encode(DataType.BYTES, new long[] {2}, "[\"héllo\", \"\"]");
        String[] strings = BytesElements.toStrings(data);
        assertEquals("héllo", strings[0]);
        assertEquals("", strings[1]);
    }

    @Test
    void bytesRefuseNumbers() {
        fails(DataType.BYTES, new long[] {1}, "[1]");
    }

    @Test
    void dataThatIsNotAnArrayIsRefused() {
        assertThrows(InferenceException.class,
                () -> JsonTensorData.encode("x", DataType.INT32, new long[] {1}, 5));
    }
}
