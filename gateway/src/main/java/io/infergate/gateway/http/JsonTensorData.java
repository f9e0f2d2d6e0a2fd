package io.infergate.gateway.http;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Shapes;
import io.infergate.gateway.protocol.InputTensors;
import io.vertx.core.json.JsonArray;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the JSON {@code "data"} of one input into little-endian tensor bytes. Data holds exactly
 * as many scalars as the shape, flat or nested in any way (Triton reads them in row-major order
 * whatever the nesting; the shape alone gives the tensor's form). Each value must be
 * representable in the datatype: integers in range, booleans for BOOL, strings for BYTES, and
 * floating-point values that stay finite in FP16/BF16/FP32.
 */
final class JsonTensorData {
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private JsonTensorData() {
    }

    static ByteBuffer encode(String input, DataType type, long[] shape, Object data) {
        List<?> array = asList(data);
        if (array == null) {
            throw invalid("input '" + input + "': data must be a JSON array");
        }
        long expected = InputTensors.elementCount(input, type, shape);
        List<Object> values = new ArrayList<>();
        flatten(array, values);
        if (values.size() != expected) {
            throw invalid("input '" + input + "': data has " + values.size() + " elements but shape "
                    + Shapes.format(shape) + " needs " + expected);
        }
        return type == DataType.BYTES ? encodeBytes(input, values) : encodeFixed(input, type, values);
    }

    /**
     * The values in row-major order, however the arrays nest (as Triton reads them): the request
     * body's nesting depth is bounded before parsing ({@link JsonBodies}), so the recursion is too.
     */
    private static void flatten(List<?> array, List<Object> out) {
        for (Object element : array) {
            List<?> nested = asList(element);
            if (nested == null) {
                out.add(element);
            } else {
                flatten(nested, out);
            }
        }
    }

    private static List<?> asList(Object value) {
        if (value instanceof JsonArray array) {
            return array.getList();
        }
        return value instanceof List<?> list ? list : null;
    }

    private static ByteBuffer encodeBytes(String input, List<Object> values) {
        List<byte[]> elements = new ArrayList<>(values.size());
        long total = 0;
        for (Object value : values) {
            if (!(value instanceof String s)) {
                throw invalid("input '" + input + "': BYTES data must be JSON strings, got " + describe(value));
            }
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            total += 4L + bytes.length;
            elements.add(bytes);
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(total)).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] element : elements) {
            out.putInt(element.length).put(element);
        }
        return out.flip();
    }

    private static ByteBuffer encodeFixed(String input, DataType type, List<Object> values) {
        ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(values.size(), type.byteSize()))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (Object value : values) {
            switch (type) {
                case BOOL -> {
                    if (!(value instanceof Boolean b)) {
                        throw invalid("input '" + input + "': BOOL data must be true or false, got " + describe(value));
                    }
                    out.put((byte) (b ? 1 : 0));
                }
                case INT8 -> out.put((byte) integer(input, type, value, Byte.MIN_VALUE, Byte.MAX_VALUE));
                case INT16 -> out.putShort((short) integer(input, type, value, Short.MIN_VALUE, Short.MAX_VALUE));
                case INT32 -> out.putInt((int) integer(input, type, value, Integer.MIN_VALUE, Integer.MAX_VALUE));
                case INT64 -> out.putLong(integer(input, type, value, Long.MIN_VALUE, Long.MAX_VALUE));
                case UINT8 -> out.put((byte) integer(input, type, value, 0, 0xFF));
                case UINT16 -> out.putShort((short) integer(input, type, value, 0, 0xFFFF));
                case UINT32 -> out.putInt((int) integer(input, type, value, 0, 0xFFFF_FFFFL));
                case UINT64 -> out.putLong(uint64(input, value));
                case FP16 -> out.putShort(Float.floatToFloat16(finiteFloat(input, type, value)));
                case BF16 -> out.putShort(toBfloat16(input, value));
                case FP32 -> out.putFloat(finiteFloat(input, type, value));
                case FP64 -> out.putDouble(number(input, type, value).doubleValue());
                default -> throw new IllegalStateException("not a fixed-size type: " + type);
            }
        }
        return out.flip();
    }

    private static Number number(String input, DataType type, Object value) {
        if (!(value instanceof Number n)) {
            throw invalid("input '" + input + "': " + type + " data must be JSON numbers, got " + describe(value));
        }
        return n;
    }

    private static long integer(String input, DataType type, Object value, long min, long max) {
        Number n = number(input, type, value);
        if (!(n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte)) {
            if (n instanceof BigInteger) {
                throw outOfRange(input, type, value);
            }
            throw invalid("input '" + input + "': " + type + " data must be integers, got " + value);
        }
        long v = n.longValue();
        if (v < min || v > max) {
            throw outOfRange(input, type, value);
        }
        return v;
    }

    private static long uint64(String input, Object value) {
        Number n = number(input, DataType.UINT64, value);
        BigInteger v;
        if (n instanceof BigInteger big) {
            v = big;
        } else if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            v = BigInteger.valueOf(n.longValue());
        } else {
            throw invalid("input '" + input + "': UINT64 data must be integers, got " + value);
        }
        if (v.signum() < 0 || v.compareTo(UINT64_MAX) > 0) {
            throw outOfRange(input, DataType.UINT64, value);
        }
        return v.longValue();
    }

    /** A float for FP32/FP16; a finite value that would become infinite in the type is refused. */
    private static float finiteFloat(String input, DataType type, Object value) {
        double d = number(input, type, value).doubleValue();
        float f = (float) d;
        boolean overflows = Double.isFinite(d) && (Float.isInfinite(f)
                || type == DataType.FP16 && Float.isInfinite(Float.float16ToFloat(Float.floatToFloat16(f))));
        if (overflows) {
            throw outOfRange(input, type, value);
        }
        return f;
    }

    private static short toBfloat16(String input, Object value) {
        float f = finiteFloat(input, DataType.BF16, value);
        short bits = bfloat16(f);
        if (Float.isFinite(f) && Float.isInfinite(Float.intBitsToFloat(bits << 16))) {
            throw outOfRange(input, DataType.BF16, value);
        }
        return bits;
    }

    /** Round-to-nearest-even truncation of a float's upper 16 bits; NaN stays a quiet NaN. */
    static short bfloat16(float f) {
        if (Float.isNaN(f)) {
            return (short) 0x7FC0;
        }
        int bits = Float.floatToRawIntBits(f);
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    private static RuntimeException outOfRange(String input, DataType type, Object value) {
        return invalid("input '" + input + "': value " + value + " is out of range for " + type);
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "string \"" + (s.length() > 32 ? s.substring(0, 32) + "..." : s) + "\"";
        }
        return value instanceof Number || value instanceof Boolean ? value.toString()
                : value.getClass().getSimpleName();
    }
}
