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
 * @param requests         the client requests joined in this execution, in batch order (empty for
 *                         executions made outside a scheduler)
 */
public record Execution(List<Tensor> inputs, Set<String> requestedOutputs, int batchSize, ComputeTimer timer,
        ResponseSender sender, List<RequestDetails> requests) {

    /** An execution of a model that is not decoupled, outside a scheduler. */
    public Execution(List<Tensor> inputs, Set<String> requestedOutputs, int batchSize, ComputeTimer timer) {
        this(inputs, requestedOutputs, batchSize, timer, null, List.of());
    }
}
