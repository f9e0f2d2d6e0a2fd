package io.infergate.engine.api;

import io.infergate.engine.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The answer to one {@link InferenceRequest}.
 *
 * @param id           the request's id
 * @param modelName    model that answered
 * @param modelVersion version that answered
 * @param outputs      output tensors in the order the client asked for them (config order when it
 *                     asked for all); classification outputs are BYTES tensors of "value:index[:label]"
 * @param parameters   response parameters
 */
public record InferenceResponse(String id, String modelName, String modelVersion, List<Tensor> outputs,
        Map<String, Object> parameters) {

    public InferenceResponse {
        outputs = List.copyOf(outputs);
        parameters = Map.copyOf(parameters);
    }
}
