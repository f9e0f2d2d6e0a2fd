package io.infergate.engine.model;

import io.infergate.engine.tensor.DataType;
import java.nio.ByteBuffer;

/** Reads one element of a little-endian numeric tensor as a double, for ranking. */
final class NumericReader {
    private NumericReader() {
    }

    static double read(DataType type, ByteBuffer data, int index) {
        int at = index * type.byteSize();
        return switch (type) {
            case UINT8 -> Byte.toUnsignedInt(data.get(at));
            case INT8 -> data.get(at);
            case UINT16 -> Short.toUnsignedInt(data.getShort(at));
            case INT16 -> data.getShort(at);
            case UINT32 -> Integer.toUnsignedLong(data.getInt(at));
            case INT32 -> data.getInt(at);
            case UINT64 -> unsignedLongToDouble(data.getLong(at));
            case INT64 -> data.getLong(at);
            case FP16 -> Float.float16ToFloat(data.getShort(at));
            case BF16 -> Float.intBitsToFloat(Short.toUnsignedInt(data.getShort(at)) << 16);
            case FP32 -> data.getFloat(at);
            case FP64 -> data.getDouble(at);
            case BOOL -> data.get(at);
            case BYTES -> throw new IllegalArgumentException("BYTES has no numeric value");
        };
    }

    private static double unsignedLongToDouble(long value) {
        double d = value & Long.MAX_VALUE;
        return value < 0 ? d + 0x1.0p63 : d;
    }
}
