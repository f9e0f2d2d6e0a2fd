package io.infergate.perf.client;

import java.util.List;

/**
 * What the tool needs to know of a model to build requests for it.
 *
 * @param decoupled whether a request may get many responses; a stream then waits for the final one
 */
public record ModelInfo(String name, String version, int maxBatchSize, boolean decoupled, List<TensorSpec> inputs) {
    public ModelInfo {
        inputs = List.copyOf(inputs);
    }
}
