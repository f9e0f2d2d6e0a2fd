package io.infergate.engine.api;

import io.infergate.engine.tensor.Tensor;
import io.infergate.engine.trace.RequestTrace;
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
 * @param trace            the request's trace when it was sampled for tracing, else null (the usual case:
 *                         whoever marks it checks for null and does nothing else)
 */
public record InferenceRequest(String id, String modelName, String modelVersion, List<Tensor> inputs,
        List<RequestedOutput> requestedOutputs, Map<String, Object> parameters, RequestTrace trace) {

    public InferenceRequest {
        id = id == null ? "" : id;
        modelVersion = modelVersion == null ? "" : modelVersion;
        inputs = List.copyOf(inputs);
        requestedOutputs = List.copyOf(requestedOutputs);
        parameters = Map.copyOf(parameters);
    }

    /** A request that is not traced. */
    public InferenceRequest(String id, String modelName, String modelVersion, List<Tensor> inputs,
            List<RequestedOutput> requestedOutputs, Map<String, Object> parameters) {
        this(id, modelName, modelVersion, inputs, requestedOutputs, parameters, null);
    }

    /** This request, traced by {@code requestTrace} (null: not traced). */
    public InferenceRequest withTrace(RequestTrace requestTrace) {
        return new InferenceRequest(id, modelName, modelVersion, inputs, requestedOutputs, parameters, requestTrace);
    }
}
