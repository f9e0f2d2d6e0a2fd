package io.infergate.gateway.http;

import java.util.Map;

/**
 * Which outputs go back as binary data: an output's own {@code binary_data} parameter wins over
 * the request's {@code binary_data_output}.
 */
record OutputFormat(boolean binaryByDefault, Map<String, Boolean> binaryByOutput) {
    static final OutputFormat JSON = new OutputFormat(false, Map.of());
    static final OutputFormat BINARY = new OutputFormat(true, Map.of());

    OutputFormat {
        binaryByOutput = Map.copyOf(binaryByOutput);
    }

    boolean binary(String output) {
        return binaryByOutput.getOrDefault(output, binaryByDefault);
    }
}
