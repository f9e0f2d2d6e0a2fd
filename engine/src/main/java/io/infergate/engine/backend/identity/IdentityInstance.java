package io.infergate.engine.backend.identity;

import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Returns inputs as outputs, renamed, without copying their data. */
public final class IdentityInstance implements ModelInstance {

    private final Map<String, String> outputToInput;
    private final List<String> order;
    private final long executeDelayMs;

    /**
     * @param outputToInput  output name to the name of the input it returns, in configuration order
     * @param executeDelayMs delay per execution in milliseconds
     */
    IdentityInstance(Map<String, String> outputToInput, long executeDelayMs) {
        this.outputToInput = Map.copyOf(outputToInput);
        this.order = List.copyOf(outputToInput.keySet());
        this.executeDelayMs = executeDelayMs;
    }

    @Override
    public List<Tensor> execute(Execution execution) throws Exception {
        Map<String, Tensor> inputs = new HashMap<>();
        for (Tensor input : execution.inputs()) {
            inputs.put(input.name(), input);
        }
        execution.timer().inputsReady();
        if (executeDelayMs > 0) {
            // Simulated compute; this runs on a worker thread, never on an event loop.
            Thread.sleep(executeDelayMs);
        }
        List<Tensor> outputs = new ArrayList<>();
        for (String output : order) {
            if (!execution.requestedOutputs().isEmpty() && !execution.requestedOutputs().contains(output)) {
                continue;
            }
            Tensor input = inputs.get(outputToInput.get(output));
            if (input == null) {
                throw new IllegalArgumentException("identity output '" + output + "' needs input '"
                        + outputToInput.get(output) + "', which the request did not send");
            }
            // Same buffer, new name: no copy.
            outputs.add(input.withNameAndShape(output, input.shape()));
        }
        execution.timer().inferenceDone();
        return outputs;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
