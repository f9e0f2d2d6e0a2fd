package io.infergate.gateway.protocol;

import static io.infergate.engine.api.InferenceException.invalid;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an input's data or an output's result lives in shared memory, from the tensor's
 * parameters {@code shared_memory_region}, {@code shared_memory_byte_size} and the optional
 * {@code shared_memory_offset} (Triton's names, the same on HTTP and gRPC).
 *
 * @param region   the registered region's name
 * @param offset   bytes from the region's start
 * @param byteSize bytes of the tensor's data, or set aside for an output's result
 */
public record RegionRef(String region, long offset, long byteSize) {
    public static final String REGION = "shared_memory_region";
    public static final String OFFSET = "shared_memory_offset";
    public static final String BYTE_SIZE = "shared_memory_byte_size";
    public static final List<String> KEYS = List.of(REGION, OFFSET, BYTE_SIZE);

    /**
     * The reference a tensor's parameters make, or null when they name no region; INVALID_ARG for
     * a region without a byte size or the reverse, an offset alone, or values of the wrong type.
     *
     * @param owner the tensor, for messages: "input 'INPUT0'"
     */
    public static RegionRef of(String owner, Map<String, Object> parameters) {
        Object region = parameters.get(REGION);
        Object byteSize = parameters.get(BYTE_SIZE);
        Object offset = parameters.get(OFFSET);
        if (region == null && byteSize == null) {
            if (offset != null) {
                throw invalid(owner + ": parameter '" + OFFSET + "' needs '" + REGION + "' and '" + BYTE_SIZE + "'");
            }
            return null;
        }
        if (region == null || byteSize == null) {
            throw invalid(owner + ": parameters '" + REGION + "' and '" + BYTE_SIZE + "' go together; the request gives"
                    + " only '" + (region == null ? BYTE_SIZE : REGION) + "'");
        }
        if (!(region instanceof String name)) {
            throw invalid(owner + ": parameter '" + REGION + "' must be a string, got " + region);
        }
        return new RegionRef(name, offset == null ? 0 : whole(owner, OFFSET, offset),
                whole(owner, BYTE_SIZE, byteSize));
    }

    /** The parameters without the shared-memory ones, which stop at the frontend. */
    public static Map<String, Object> without(Map<String, Object> parameters) {
        Map<String, Object> rest = new LinkedHashMap<>(parameters);
        rest.keySet().removeAll(KEYS);
        return rest;
    }

    /** What a response says of an output written into this region: {@code byteSize} bytes of it hold the result. */
    public Map<String, Object> reported(long written) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(REGION, region);
        parameters.put(BYTE_SIZE, written);
        if (offset != 0) {
            parameters.put(OFFSET, offset);
        }
        return parameters;
    }

    private static long whole(String owner, String key, Object value) {
        boolean integral = value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte;
        if (!integral || ((Number) value).longValue() < 0) {
            String range = value instanceof BigInteger ? " below 2^63" : "";
            throw invalid(owner + ": parameter '" + key + "' must be a non-negative integer" + range + ", got " + value);
        }
        return ((Number) value).longValue();
    }
}
