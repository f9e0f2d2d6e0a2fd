package io.infergate.engine.api;

import java.util.Collection;

/**
 * Parameter keys starting with {@code triton_} are Triton's own (such as
 * {@code triton_enable_empty_final_response}, which a frontend consumes itself): a client may not
 * send them. The engine refuses them in a request's and its requested outputs' parameters; a
 * frontend refuses them in an input's parameters, which never reach the engine.
 */
public final class ReservedParameters {
    public static final String PREFIX = "triton_";

    private ReservedParameters() {
    }

    /**
     * INVALID_ARG for the first reserved key, in Triton's words with the key and its owner named.
     *
     * @param owner whose parameters these are: "request", "input 'x'", "output 'y'"
     */
    public static void refuse(String owner, Collection<String> keys) {
        for (String key : keys) {
            if (key.startsWith(PREFIX)) {
                throw InferenceException.invalid("parameter keys starting with '" + PREFIX + "' are reserved for Triton"
                        + " usage and should not be specified (" + owner + " parameter '" + key + "')");
            }
        }
    }
}
