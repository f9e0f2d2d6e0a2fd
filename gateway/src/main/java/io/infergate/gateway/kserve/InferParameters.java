package io.infergate.gateway.kserve;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.gateway.kserve.proto.InferParameter;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/** InferParameter messages to the plain values the engine's records hold (as HTTP's JSON gives them), and back. */
public final class InferParameters {
    private InferParameters() {
    }

    /** The parameters' values in order, in a map the caller may change. */
    public static Map<String, Object> toValues(Map<String, InferParameter> parameters, String owner) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, InferParameter> entry : parameters.entrySet()) {
            values.put(entry.getKey(), toValue(entry.getValue(), owner, entry.getKey()));
        }
        return values;
    }

    private static Object toValue(InferParameter parameter, String owner, String key) {
        return switch (parameter.getParameterChoiceCase()) {
            case BOOL_PARAM -> parameter.getBoolParam();
            case INT64_PARAM -> parameter.getInt64Param();
            case STRING_PARAM -> parameter.getStringParam();
            case DOUBLE_PARAM -> parameter.getDoubleParam();
            // an unsigned value beyond long's range stays exact, as JSON numbers do over HTTP
            case UINT64_PARAM -> parameter.getUint64Param() >= 0 ? (Object) parameter.getUint64Param()
                    : new BigInteger(Long.toUnsignedString(parameter.getUint64Param()));
            case PARAMETERCHOICE_NOT_SET -> throw invalid(owner + " parameter '" + key + "' has no value");
        };
    }

    public static InferParameter of(Object value) {
        InferParameter.Builder parameter = InferParameter.newBuilder();
        switch (value) {
            case Boolean b -> parameter.setBoolParam(b);
            case Integer i -> parameter.setInt64Param(i);
            case Long l -> parameter.setInt64Param(l);
            case Short s -> parameter.setInt64Param(s);
            case Byte b -> parameter.setInt64Param(b);
            case Double d -> parameter.setDoubleParam(d);
            case Float f -> parameter.setDoubleParam(f);
            case BigInteger big when big.signum() >= 0 && big.bitLength() <= 64 -> parameter.setUint64Param(big.longValue());
            default -> parameter.setStringParam(String.valueOf(value));
        }
        return parameter.build();
    }
}
