package io.infergate.engine.api;

import io.infergate.engine.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * One inference request as every frontend hands it to the engine.
 *
 * @param id               client's request id, echoed in the response ("" when none)
 * @param modelName        target model
 * @param modelVersion     explicit version, or "" for the version the policy selects
 * @param inputs           input tensors, names unique
 * @param requestedOutputs outputs asked for; empty means all outputs
 * @param parameters       request parameters (sequence, priority, timeout, binary_data_output, ...)
 */
public record InferenceRequest(String id, String modelName, String modelVersion, List<Tensor> inputs,
        List<RequestedOutput> requestedOutputs, Map<String, Object> parameters) {

    public InferenceRequest {
        id = id == null ? "" : id;
        modelVersion = modelVersion == null ? "" : modelVersion;
        inputs = List.copyOf(inputs);
        requestedOutputs = List.copyOf(requestedOutputs);
        parameters = Map.copyOf(parameters);
    }
}
