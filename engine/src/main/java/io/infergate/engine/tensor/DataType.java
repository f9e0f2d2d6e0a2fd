package io.infergate.engine.tensor;

import java.util.HashMap;
import java.util.Map;

/**
 * The tensor element types of the KServe v2 protocol, with their sizes and the names Triton's
 * model configuration uses for them ({@code TYPE_*}).
 */
public enum DataType {
    BOOL(1, "TYPE_BOOL"),
    UINT8(1, "TYPE_UINT8"),
    UINT16(2, "TYPE_UINT16"),
    UINT32(4, "TYPE_UINT32"),
    UINT64(8, "TYPE_UINT64"),
    INT8(1, "TYPE_INT8"),
    INT16(2, "TYPE_INT16"),
    INT32(4, "TYPE_INT32"),
    INT64(8, "TYPE_INT64"),
    FP16(2, "TYPE_FP16"),
    BF16(2, "TYPE_BF16"),
    FP32(4, "TYPE_FP32"),
    FP64(8, "TYPE_FP64"),
    /** Variable-length elements, each a 4-byte little-endian length followed by its bytes. */
    BYTES(0, "TYPE_STRING");

    private static final Map<String, DataType> BY_CONFIG_NAME = new HashMap<>();

    static {
        for (DataType type : values()) {
            BY_CONFIG_NAME.put(type.configName, type);
        }
    }

    private final int byteSize;
    private final String configName;

    DataType(int byteSize, String configName) {
        this.byteSize = byteSize;
        this.configName = configName;
    }

    /** Bytes per element; 0 for {@link #BYTES}, whose elements vary in length. */
    public int byteSize() {
        return byteSize;
    }

    public boolean isFixedSize() {
        return this != BYTES;
    }

    /** The model configuration name, such as {@code TYPE_FP32}. */
    public String configName() {
        return configName;
    }

    /** Parses a KServe datatype name such as {@code FP32}; null when there is none of that name. */
    public static DataType fromProtocolName(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Parses a configuration name such as {@code TYPE_FP32}; null for TYPE_INVALID or unknown names. */
    public static DataType fromConfigName(String name) {
        return BY_CONFIG_NAME.get(name);
    }
}
