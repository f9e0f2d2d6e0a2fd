package io.infergate.gateway.kserve;

import static io.infergate.engine.api.InferenceException.invalid;

import com.google.protobuf.ByteString;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.DataType;
import io.infergate.gateway.kserve.proto.InferTensorContents;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An input's typed {@code contents} as the little-endian bytes every tensor holds. Each datatype
 * reads exactly one field, and elements in any other field are refused, not ignored; values that
 * do not fit the datatype (an INT8 of 300) are refused, not wrapped.
 */
final class TypedContents {
    private TypedContents() {
    }

    static ByteBuffer encode(String name, DataType type, long elements, InferTensorContents contents) {
        int count = count(name, type, contents);
        if (count != total(contents)) {
            throw invalid("input '" + name + "' of datatype " + type + " takes its contents from " + field(type)
                    + " only");
        }
        if (count != elements) {
            throw invalid("input '" + name + "' has " + count + " elements in its contents but its shape needs "
                    + elements);
        }
        if (type == DataType.BYTES) {
            List<byte[]> items = new ArrayList<>(count);
            for (ByteString item : contents.getBytesContentsList()) {
                items.add(item.toByteArray());
            }
            return BytesElements.serialize(items);
        }
        ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(count, type.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            switch (type) {
                case BOOL -> out.put((byte) (contents.getBoolContents(i) ? 1 : 0));
                case INT8 -> out.put((byte) ranged(name, contents.getIntContents(i), Byte.MIN_VALUE, Byte.MAX_VALUE));
                case INT16 -> out.putShort((short) ranged(name, contents.getIntContents(i), Short.MIN_VALUE,
                        Short.MAX_VALUE));
                case INT32 -> out.putInt(contents.getIntContents(i));
                case INT64 -> out.putLong(contents.getInt64Contents(i));
                case UINT8 -> out.put((byte) ranged(name, Integer.toUnsignedLong(contents.getUintContents(i)), 0, 0xff));
                case UINT16 -> out.putShort((short) ranged(name, Integer.toUnsignedLong(contents.getUintContents(i)), 0,
                        0xffff));
                case UINT32 -> out.putInt(contents.getUintContents(i));
                case UINT64 -> out.putLong(contents.getUint64Contents(i));
                case FP32 -> out.putFloat(contents.getFp32Contents(i));
                case FP64 -> out.putDouble(contents.getFp64Contents(i));
                default -> throw new IllegalStateException("no typed contents for " + type);
            }
        }
        return out.flip();
    }

    private static int count(String name, DataType type, InferTensorContents contents) {
        return switch (type) {
            case BOOL -> contents.getBoolContentsCount();
            case INT8, INT16, INT32 -> contents.getIntContentsCount();
            case INT64 -> contents.getInt64ContentsCount();
            case UINT8, UINT16, UINT32 -> contents.getUintContentsCount();
            case UINT64 -> contents.getUint64ContentsCount();
            case FP32 -> contents.getFp32ContentsCount();
            case FP64 -> contents.getFp64ContentsCount();
            case BYTES -> contents.getBytesContentsCount();
            case FP16, BF16 -> throw invalid("input '" + name + "' of datatype " + type
                    + " has no typed contents: send it in raw_input_contents");
        };
    }

    private static String field(DataType type) {
        return switch (type) {
            case BOOL -> "bool_contents";
            case INT8, INT16, INT32 -> "int_contents";
            case INT64 -> "int64_contents";
            case UINT8, UINT16, UINT32 -> "uint_contents";
            case UINT64 -> "uint64_contents";
            case FP32 -> "fp32_contents";
            case FP64 -> "fp64_contents";
            case BYTES -> "bytes_contents";
            case FP16, BF16 -> throw new IllegalStateException("no typed contents for " + type);
        };
    }

    private static long ranged(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid("input '" + name + "' has contents value " + value + " outside its datatype's range");
        }
        return value;
    }

    /** Whether any field of the contents holds elements. */
    static boolean isPresent(InferTensorContents contents) {
        return total(contents) > 0;
    }

    /** The elements in all fields together. */
    private static long total(InferTensorContents contents) {
        return (long) contents.getBoolContentsCount() + contents.getIntContentsCount() + contents.getInt64ContentsCount()
                + contents.getUintContentsCount() + contents.getUint64ContentsCount() + contents.getFp32ContentsCount()
                + contents.getFp64ContentsCount() + contents.getBytesContentsCount();
    }
}
