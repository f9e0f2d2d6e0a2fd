package io.infergate.engine.backend;

import io.infergate.engine.tensor.Tensor;
import java.util.List;
import java.util.Set;

/**
 * One call of {@link ModelInstance#execute}: inputs in backend shape (batch dimension first when
 * the model batches, reshape applied), the output names wanted, and a timer the backend marks so
 * statistics can split compute time into input, infer and output.
 *
 * @param inputs           input tensors, one per configured input that was sent
 * @param requestedOutputs names of the outputs to produce
 * @param batchSize        requests' batch size (1 for models that do not batch)
 * @param timer            marks the end of input preparation and of inference
 * @param sender           where a decoupled model sends its responses; null for other models,
 *                         whose outputs are the return value of execute
 */
public record Execution(List<Tensor> inputs, Set<String> requestedOutputs, int batchSize, ComputeTimer timer,
        ResponseSender sender) {

    /** An execution of a model that is not decoupled. */
    public Execution(List<Tensor> inputs, Set<String> requestedOutputs, int batchSize, ComputeTimer timer) {
        this(inputs, requestedOutputs, batchSize, timer, null);
    }
}
