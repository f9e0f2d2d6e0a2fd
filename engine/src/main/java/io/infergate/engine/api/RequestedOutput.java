package io.infergate.engine.api;

import java.util.Map;

/**
 * An output the client asked for by name.
 *
 * @param name                output name
 * @param classificationCount top-k classification to return instead of the raw tensor; 0 for none
 * @param parameters          the output's other parameters (frontend matters such as binary_data)
 */
public record RequestedOutput(String name, int classificationCount, Map<String, Object> parameters) {
    public RequestedOutput {
        parameters = Map.copyOf(parameters);
    }

    public static RequestedOutput named(String name) {
        return new RequestedOutput(name, 0, Map.of());
    }
}
