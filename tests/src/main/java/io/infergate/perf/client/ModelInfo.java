package io.infergate.perf.client;

import java.util.List;

/** What the tool needs to know of a model to build requests for it. */
public record ModelInfo(String name, String version, int maxBatchSize, List<TensorSpec> inputs) {
    public ModelInfo {
        inputs = List.copyOf(inputs);
    }
}
