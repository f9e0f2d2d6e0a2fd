package io.infergate.perf.client;

import io.infergate.perf.PerfException;
import io.vertx.core.json.JsonArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Tensor data in KServe's binary layout (little-endian elements; BYTES as 4-byte length + bytes)
 * made from generated values or JSON numbers, and turned back into JSON for HTTP JSON requests.
 */
public final class TensorValues {
    private static final int RANDOM_STRING_LENGTH = 16;

    private TensorValues() {
    }

    /** Bytes per element, 0 for BYTES. */
    static int elementSize(String datatype) {
        return switch (datatype) {
            case "BYTES" -> 0;
            case "BOOL", "UINT8", "INT8" -> 1;
            case "UINT16", "INT16", "FP16", "BF16" -> 2;
            case "UINT32", "INT32", "FP32" -> 4;
            case "UINT64", "INT64", "FP64" -> 8;
            default -> throw new PerfException("datatype " + datatype + " is not supported by perf");
        };
    }

    /** {@code count} zeros, or random values: floats in [0, 1), integers in [0, 100), short strings. */
    static byte[] generate(String datatype, int count, boolean random, Random rng) {
        if (datatype.equals("BYTES")) {
            ByteBuffer out = buffer(count * (4 + (random ? RANDOM_STRING_LENGTH : 0)));
            for (int i = 0; i < count; i++) {
                putString(out, random ? randomString(rng) : "");
            }
            return out.array();
        }
        ByteBuffer out = buffer(count * elementSize(datatype));
        for (int i = 0; i < count; i++) {
            put(out, datatype, random ? randomValue(datatype, rng) : 0);
        }
        return out.array();
    }

    /** Values read from a JSON input file, flat, in the datatype's layout. */
    static byte[] fromJson(String datatype, List<Object> values) {
        if (datatype.equals("BYTES")) {
            int size = values.stream().mapToInt(v -> 4 + String.valueOf(v).getBytes(StandardCharsets.UTF_8).length)
                    .sum();
            ByteBuffer out = buffer(size);
            values.forEach(v -> putString(out, String.valueOf(v)));
            return out.array();
        }
        ByteBuffer out = buffer(values.size() * elementSize(datatype));
        for (Object v : values) {
            double number = switch (v) {
                case Number n -> n.doubleValue();
                case Boolean b -> b ? 1 : 0;
                default -> throw new PerfException("input data: '" + v + "' is not a " + datatype + " value");
            };
            put(out, datatype, number);
        }
        return out.array();
    }

    /** The data as a flat JSON array, as KServe JSON requests carry it. */
    static JsonArray toJson(String datatype, byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        JsonArray out = new JsonArray();
        while (in.hasRemaining()) {
            out.add(switch (datatype) {
                case "BOOL" -> in.get() != 0;
                case "UINT8" -> in.get() & 0xff;
                case "INT8" -> in.get();
                case "UINT16" -> in.getShort() & 0xffff;
                case "INT16" -> in.getShort();
                case "FP16" -> Float.float16ToFloat(in.getShort());
                case "BF16" -> Float.intBitsToFloat(in.getShort() << 16);
                case "UINT32" -> in.getInt() & 0xffffffffL;
                case "INT32" -> in.getInt();
                case "FP32" -> in.getFloat();
                case "UINT64", "INT64" -> in.getLong();
                case "FP64" -> in.getDouble();
                case "BYTES" -> string(in);
                default -> throw new PerfException("datatype " + datatype + " is not supported by perf");
            });
        }
        return out;
    }

    private static void put(ByteBuffer out, String datatype, double v) {
        switch (datatype) {
            case "BOOL", "UINT8", "INT8" -> out.put((byte) v);
            case "UINT16", "INT16" -> out.putShort((short) v);
            case "FP16" -> out.putShort(Float.floatToFloat16((float) v));
            case "BF16" -> out.putShort((short) (Float.floatToIntBits((float) v) >>> 16));
            case "UINT32", "INT32" -> out.putInt((int) v);
            case "FP32" -> out.putFloat((float) v);
            case "UINT64", "INT64" -> out.putLong((long) v);
            case "FP64" -> out.putDouble(v);
            default -> throw new PerfException("datatype " + datatype + " is not supported by perf");
        }
    }

    private static double randomValue(String datatype, Random rng) {
        return switch (datatype) {
            case "FP16", "BF16", "FP32", "FP64" -> rng.nextDouble();
            case "BOOL" -> rng.nextInt(2);
            default -> rng.nextInt(100);
        };
    }

    private static String randomString(Random rng) {
        char[] chars = new char[RANDOM_STRING_LENGTH];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ('a' + rng.nextInt(26));
        }
        return new String(chars);
    }

    private static void putString(ByteBuffer out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.putInt(bytes.length).put(bytes);
    }

    private static String string(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
