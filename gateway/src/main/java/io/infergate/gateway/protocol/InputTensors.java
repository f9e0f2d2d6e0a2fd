package io.infergate.gateway.protocol;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.api.ReservedParameters;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.util.Collection;

/**
 * The frontends' checks on an input as received, before any of its data is looked at or copied.
 * Whether the input fits the model is the engine's to say ({@code RequestPreparer}).
 */
public final class InputTensors {
    private InputTensors() {
    }

    /**
     * The element count of a shape a frontend is about to size data from (JSON data, typed
     * contents): INVALID_ARG with the engine's message for a negative dimension or an overflow.
     */
    public static long elementCount(String name, DataType type, long[] shape) {
        try {
            return Tensor.checkedElementCount(name, type, shape);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /**
     * An input's parameters, which stop at the frontend: reserved keys are refused. Shared-memory
     * parameters are read by {@link RegionRef}.
     */
    public static void checkParameters(String name, Collection<String> parameterKeys) {
        ReservedParameters.refuse("input '" + name + "'", parameterKeys);
    }
}
