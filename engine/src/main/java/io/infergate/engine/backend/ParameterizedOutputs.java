package io.infergate.engine.backend;

import io.infergate.engine.tensor.Tensor;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;

/**
 * Outputs that carry response parameters (the KServe response's {@code parameters}): a backend
 * whose model code sets them returns this list from {@link ModelInstance#execute}, or sends it
 * through a {@link ResponseSender}, and the response the client gets holds them. Every other list
 * of outputs has none.
 */
public final class ParameterizedOutputs extends AbstractList<Tensor> {
    private final List<Tensor> tensors;
    private final Map<String, Object> parameters;

    private ParameterizedOutputs(List<Tensor> tensors, Map<String, Object> parameters) {
        this.tensors = List.copyOf(tensors);
        this.parameters = Map.copyOf(parameters);
    }

    /** The outputs with these parameters (the outputs themselves when there are none). */
    public static List<Tensor> of(List<Tensor> tensors, Map<String, Object> parameters) {
        return parameters.isEmpty() ? tensors : new ParameterizedOutputs(tensors, parameters);
    }

    /** The response parameters that come with these outputs; empty for a plain list. */
    public static Map<String, Object> parametersOf(List<Tensor> outputs) {
        return outputs instanceof ParameterizedOutputs parameterized ? parameterized.parameters : Map.of();
    }

    @Override
    public Tensor get(int index) {
        return tensors.get(index);
    }

    @Override
    public int size() {
        return tensors.size();
    }
}
