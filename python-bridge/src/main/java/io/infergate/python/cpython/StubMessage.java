package io.infergate.python.cpython;

import io.infergate.engine.api.InferenceException;
import io.infergate.python.PythonErrors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One control message from a stub, a JSON object whose fields are read strictly: a missing field,
 * a field of another type or a number that is not a 64-bit integer is a {@link ProtocolViolation}.
 *
 * @param json    the object
 * @param context what the object is, for errors, when it is inside a message; null for a message
 */
record StubMessage(JsonObject json, String context) {

    /** A message as it came off the socket. */
    StubMessage(JsonObject json) {
        this(json, null);
    }

    String op() throws ProtocolViolation {
        return text("op");
    }

    long id() throws ProtocolViolation {
        return whole("id");
    }

    String text(String key) throws ProtocolViolation {
        if (json.getValue(key) instanceof String text) {
            return text;
        }
        throw missing(key, "a string");
    }

    /** An integer field; JSON numbers with a fraction, or beyond 64 bits, are refused. */
    long whole(String key) throws ProtocolViolation {
        Object value = json.getValue(key);
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw missing(key, "a 64-bit integer");
    }

    /** A non-negative integer field no larger than {@code max}. */
    long whole(String key, long max) throws ProtocolViolation {
        long value = whole(key);
        if (value < 0 || value > max) {
            throw new ProtocolViolation("field '" + key + "' of " + where() + " is " + value + "; expected 0 to " + max);
        }
        return value;
    }

    /** A string field that may be null (absent or JSON null). */
    String optionalText(String key) throws ProtocolViolation {
        return json.getValue(key) == null ? null : text(key);
    }

    /**
     * A floating-point field: a JSON number, or one of the names "NaN", "Infinity" and
     * "-Infinity" for the values JSON has no numbers for.
     */
    double real(String key) throws ProtocolViolation {
        Double value = real(json.getValue(key));
        if (value == null) {
            throw missing(key, "a number");
        }
        return value;
    }

    /** A field holding an array of {@link #real(String)} numbers. */
    double[] reals(String key) throws ProtocolViolation {
        JsonArray array = array(key);
        double[] reals = new double[array.size()];
        for (int i = 0; i < reals.length; i++) {
            Double value = real(array.getValue(i));
            if (value == null) {
                throw missing(key, "an array of numbers");
            }
            reals[i] = value;
        }
        return reals;
    }

    private static Double real(Object value) {
        return switch (value) {
            case Integer number -> number.doubleValue();
            case Long number -> number.doubleValue();
            case Double number -> number;
            case BigInteger number -> number.doubleValue();
            case String name when name.equals("NaN") -> Double.NaN;
            case String name when name.equals("Infinity") -> Double.POSITIVE_INFINITY;
            case String name when name.equals("-Infinity") -> Double.NEGATIVE_INFINITY;
            case null, default -> null;
        };
    }

    /** A field holding an array of [name, value] pairs of strings, such as a metric's labels; names are unique. */
    Map<String, String> pairs(String key) throws ProtocolViolation {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (Object element : array(key)) {
            if (!(element instanceof JsonArray pair) || pair.size() != 2 || !(pair.getValue(0) instanceof String name)
                    || !(pair.getValue(1) instanceof String value) || pairs.put(name, value) != null) {
                throw missing(key, "an array of [name, value] pairs of strings with unique names");
            }
        }
        return pairs;
    }

    /**
     * A field holding response parameters as pb_utils allows them: an object whose values are
     * booleans, strings or integers from -2^63 to 2^64-1.
     */
    Map<String, Object> parameters(String key) throws ProtocolViolation {
        Map<String, Object> parameters = object(key).getMap();
        for (Object value : parameters.values()) {
            boolean allowed = value instanceof Boolean || value instanceof String || value instanceof Integer
                    || value instanceof Long || value instanceof BigInteger big && big.signum() >= 0
                    && big.bitLength() <= 64;
            if (!allowed) {
                throw missing(key, "an object of booleans, strings and 64-bit integers");
            }
        }
        return parameters;
    }

    boolean flag(String key) throws ProtocolViolation {
        if (json.getValue(key) instanceof Boolean flag) {
            return flag;
        }
        throw missing(key, "true or false");
    }

    /** The pb_utils.TritonError an error message carries (fields code and message); unknown codes are INTERNAL. */
    InferenceException error() throws ProtocolViolation {
        return new InferenceException(PythonErrors.status((int) Math.clamp(whole("code"), -1, Integer.MAX_VALUE)),
                text("message"));
    }

    /** A field holding a JSON object. */
    JsonObject object(String key) throws ProtocolViolation {
        if (json.getValue(key) instanceof JsonObject object) {
            return object;
        }
        throw missing(key, "an object");
    }

    /** A field holding an array of strings. */
    List<String> texts(String key) throws ProtocolViolation {
        List<String> texts = new ArrayList<>();
        for (Object element : array(key)) {
            if (!(element instanceof String text)) {
                throw missing(key, "an array of strings");
            }
            texts.add(text);
        }
        return texts;
    }

    /** A field holding an array of JSON objects. */
    List<StubMessage> objects(String key) throws ProtocolViolation {
        List<StubMessage> objects = new ArrayList<>();
        for (Object element : array(key)) {
            if (!(element instanceof JsonObject object)) {
                throw missing(key, "an array of objects");
            }
            objects.add(new StubMessage(object, "an entry of '" + key + "'"));
        }
        return objects;
    }

    /** A field holding an array of non-negative integers. */
    long[] dims(String key) throws ProtocolViolation {
        JsonArray array = array(key);
        long[] dims = new long[array.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!(array.getValue(i) instanceof Integer || array.getValue(i) instanceof Long)
                    || array.getLong(i) < 0) {
                throw missing(key, "an array of non-negative integers");
            }
            dims[i] = array.getLong(i);
        }
        return dims;
    }

    private JsonArray array(String key) throws ProtocolViolation {
        if (json.getValue(key) instanceof JsonArray array) {
            return array;
        }
        throw missing(key, "an array");
    }

    private ProtocolViolation missing(String key, String expected) {
        return new ProtocolViolation("field '" + key + "' of " + where() + " is not " + expected);
    }

    private String where() {
        return context != null ? context : "a '" + json.getValue("op") + "' message";
    }
}
