package io.infergate.gateway.http;

import static io.infergate.engine.api.InferenceException.invalid;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Parses JSON request bodies safely. The tree parser recurses, so nesting depth is counted first
 * by a flat scan that skips strings: arrays and objects may nest 100 levels deep in the whole
 * body (Triton's limit, and its words when it is passed).
 */
final class JsonBodies {
    static final int MAX_DEPTH = 100;

    private JsonBodies() {
    }

    /** Parses a JSON object; INVALID_ARG when malformed, too deep or not an object. */
    static JsonObject parseObject(Buffer json) {
        checkDepth(json, MAX_DEPTH);
        Object value;
        try {
            value = Json.decodeValue(json);
        } catch (RuntimeException e) {
            throw invalid("failed to parse the request JSON: " + firstLine(e.getMessage()));
        }
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) map;
            value = new JsonObject(fields);
        }
        if (!(value instanceof JsonObject object)) {
            throw invalid("failed to parse the request JSON: expected a JSON object");
        }
        return object;
    }

    /** Throws INVALID_ARG when arrays and objects nest deeper than {@code max}. */
    static void checkDepth(Buffer json, int max) {
        int depth = 0;
        boolean inString = false;
        int length = json.length();
        for (int i = 0; i < length; i++) {
            byte b = json.getByte(i);
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '[' || b == '{') {
                if (++depth > max) {
                    throw invalid("JSON nesting depth exceeds maximum allowed limit (" + max + ")");
                }
            } else if (b == ']' || b == '}') {
                depth--;
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
