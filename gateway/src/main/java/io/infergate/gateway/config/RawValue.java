package io.infergate.gateway.config;

import java.util.List;

/**
 * A setting's value as one layer gave it, before validation.
 *
 * @param value  a String, a Boolean or Number (YAML scalars) or a List of Strings
 * @param origin where it came from, for error messages: "--http-port", "INFERGATE_HTTP_PORT", ...
 */
public record RawValue(Object value, String origin) {

    public RawValue {
        if (value instanceof List<?> list) {
            value = List.copyOf(list);
        }
    }
}
