package io.infergate.gateway.protocol;

import static io.infergate.engine.api.InferenceException.invalid;

/** The {@code classification} output parameter: top-k as a positive int. */
public final class Classification {
    public static final String PARAMETER = "classification";

    private Classification() {
    }

    /** The count as an int, or INVALID_ARG when it is not in 1..Integer.MAX_VALUE. */
    public static int count(String output, long count) {
        if (count <= 0 || count > Integer.MAX_VALUE) {
            throw refused(output, count);
        }
        return (int) count;
    }

    /** The error for a value that is not a positive integer. */
    public static RuntimeException refused(String output, Object value) {
        return invalid("output '" + output + "' parameter '" + PARAMETER + "' must be a positive integer, got "
                + value);
    }
}
