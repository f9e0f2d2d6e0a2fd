package io.infergate.gateway.http;

import io.infergate.engine.config.JsonStrings;
import java.util.Map;

/** Small helpers to write JSON text straight into a StringBuilder (no tree for big tensors). */
final class JsonText {
    private JsonText() {
    }

    static void string(StringBuilder out, String s) {
        JsonStrings.appendQuoted(out, s);
    }

    /** A parameter value: strings quoted, booleans and numbers as they are. */
    static void value(StringBuilder out, Object value) {
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Number n) {
            number(out, n.doubleValue());
        } else {
            string(out, String.valueOf(value));
        }
    }

    static void parameters(StringBuilder out, Map<String, Object> parameters) {
        out.append('{');
        String separator = "";
        for (Map.Entry<String, Object> entry : parameters.entrySet()) {
            out.append(separator);
            separator = ",";
            string(out, entry.getKey());
            out.append(':');
            value(out, entry.getValue());
        }
        out.append('}');
    }

    /** Doubles; NaN and infinities are written as Python's json module reads them. */
    static void number(StringBuilder out, double d) {
        if (Double.isNaN(d)) {
            out.append("NaN");
        } else if (Double.isInfinite(d)) {
            out.append(d > 0 ? "Infinity" : "-Infinity");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            out.append((long) d).append(".0");
        } else {
            out.append(d);
        }
    }

    static void number(StringBuilder out, float f) {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            number(out, (double) f);
        } else if (f == Math.rint(f) && Math.abs(f) < 1e7f) {
            out.append((long) f).append(".0");
        } else {
            out.append(f);
        }
    }
}
