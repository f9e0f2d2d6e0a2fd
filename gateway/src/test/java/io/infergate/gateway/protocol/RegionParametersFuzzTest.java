package io.infergate.gateway.protocol;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.Status;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.infergate.testsupport.HostileInput;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzzes a tensor's shared-memory parameters ({@code shared_memory_region},
 * {@code shared_memory_offset}, {@code shared_memory_byte_size}), the same on HTTP and gRPC: values
 * of every type a client can send, for an input read from a real region and an output written into
 * it. Each is served or refused with a client's error (INVALID_ARG, NOT_FOUND), never read or
 * written outside the region. Seeds: {@code RegionParametersFuzzTestInputs/regionParameters/}.
 */
class RegionParametersFuzzTest {
    @RegisterExtension
    static final FuzzRegion REGION = new FuzzRegion();

    @FuzzTest
    @Timeout(10)
    void regionParameters(FuzzedDataProvider data) throws Exception {
        int inputBytes = data.remainingBytes();
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (String key : RegionRef.KEYS) {
            Object value = value(data);
            if (value != null) {
                parameters.put(key, value);
            }
        }
        DataType type = data.pickValue(DataType.values());
        long[] shape = new long[data.consumeInt(0, 3)];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = data.consumeBoolean() ? data.consumeLong(0, 512) : data.consumeLong();
        }
        int resultBytes = data.consumeInt(0, 2 * (int) FuzzRegion.SIZE);
        HostileInput.decode(inputBytes, InferenceException.class, e -> e.status() != Status.INTERNAL, () -> {
            try (RequestRegions regions = new RequestRegions(REGION.registry())) {
                RegionRef ref = RegionRef.of("input 'IN'", parameters);
                if (ref == null) {
                    return;
                }
                regions.input("fuzz", "IN", type, shape, ref);
                regions.output("OUT", ref);
                Tensor result = new Tensor("OUT", DataType.UINT8, new long[] {resultBytes},
                        ByteBuffer.allocate(resultBytes));
                regions.writeOutputs(new InferenceResponse("", "fuzz", "1", List.of(result), Map.of()));
            }
        });
    }

    /** A parameter value of any type a JSON body or an InferParameter gives, or none. */
    private static Object value(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 7)) {
            case 0 -> null;
            case 1 -> FuzzRegion.NAME;
            case 2 -> data.consumeString(16);
            case 3 -> data.consumeBoolean() ? data.consumeLong(0, 2 * FuzzRegion.SIZE) : data.consumeLong();
            case 4 -> data.consumeInt();
            case 5 -> data.consumeBoolean();
            case 6 -> data.consumeDouble();
            default -> BigInteger.ONE.shiftLeft(63).add(BigInteger.valueOf(data.consumeLong(0, Long.MAX_VALUE)));
        };
    }
}
