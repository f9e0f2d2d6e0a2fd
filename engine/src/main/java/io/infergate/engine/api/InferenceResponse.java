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
 * @param compute      how long the model computed it, as its statistics count it; what an ensemble
 *                     adds up over its steps. {@link ComputeTimes#NONE} where unknown (an answer
 *                     from another node)
 */
public record InferenceResponse(String id, String modelName, String modelVersion, List<Tensor> outputs,
        Map<String, Object> parameters, ComputeTimes compute) {

    public InferenceResponse {
        outputs = List.copyOf(outputs);
        parameters = Map.copyOf(parameters);
        compute = compute == null ? ComputeTimes.NONE : compute;
    }

    /** A response whose compute times are unknown. */
    public InferenceResponse(String id, String modelName, String modelVersion, List<Tensor> outputs,
            Map<String, Object> parameters) {
        this(id, modelName, modelVersion, outputs, parameters, ComputeTimes.NONE);
    }

    /** This response with these compute times. */
    public InferenceResponse withCompute(ComputeTimes times) {
        return new InferenceResponse(id, modelName, modelVersion, outputs, parameters, times);
    }

    /**
     * Triton's compute durations of one response, in nanoseconds: preparing the inputs, running the
     * model, extracting the outputs (for a batch, each request of it gets the batch's).
     */
    public record ComputeTimes(long inputNs, long inferNs, long outputNs) {
        public static final ComputeTimes NONE = new ComputeTimes(0, 0, 0);

        public ComputeTimes plus(ComputeTimes other) {
            return new ComputeTimes(inputNs + other.inputNs, inferNs + other.inferNs, outputNs + other.outputNs);
        }
    }
}
