package io.infergate.engine.scheduler.sequence;

import static io.infergate.engine.api.InferenceException.invalid;

import java.util.Map;

/**
 * The sequence parameters of one request: which sequence, and whether it starts or ends it.
 *
 * @param id    correlation id
 * @param start sequence_start: the first request of the sequence
 * @param end   sequence_end: the last request of the sequence
 */
record SequenceFlags(CorrelationId id, boolean start, boolean end) {

    /** The flags in a request's parameters; INVALID_ARG when a value has the wrong type. */
    static SequenceFlags of(Map<String, Object> parameters) {
        return new SequenceFlags(CorrelationId.parse(parameters.get("sequence_id")),
                flag(parameters, "sequence_start"), flag(parameters, "sequence_end"));
    }

    private static boolean flag(Map<String, Object> parameters, String key) {
        Object value = parameters.get(key);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw invalid("parameter '" + key + "' must be a boolean, got '" + value + "'");
    }
}
