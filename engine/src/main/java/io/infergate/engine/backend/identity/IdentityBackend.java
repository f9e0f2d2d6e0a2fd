package io.infergate.engine.backend.identity;

import io.infergate.engine.backend.Backend;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ModelSpec;
import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelOutput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelParameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code identity} backend, like Triton's: the configuration lists as many outputs as inputs
 * and output i returns input i unchanged (same datatype, same shape, same buffer). It needs no
 * model file. Parameter {@code execute_delay_ms} (an integer string, default 0) delays every
 * execution.
 */
public final class IdentityBackend implements Backend {

    public static final String NAME = "identity";
    public static final String EXECUTE_DELAY_MS = "execute_delay_ms";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelInstance createInstance(ModelSpec model, int instanceIndex) throws Exception {
        ModelConfig config = model.config();
        if (config.getInputCount() != config.getOutputCount()) {
            throw new ModelConfigException("identity model '" + model.name() + "' has " + config.getInputCount()
                    + " inputs but " + config.getOutputCount() + " outputs; it needs as many of each");
        }
        Map<String, String> outputToInput = new LinkedHashMap<>();
        for (int i = 0; i < config.getInputCount(); i++) {
            ModelInput input = config.getInput(i);
            ModelOutput output = config.getOutput(i);
            if (input.getDataType() != output.getDataType()) {
                throw new ModelConfigException("identity output '" + output.getName() + "' has data type "
                        + output.getDataType() + " but its input '" + input.getName() + "' has "
                        + input.getDataType());
            }
            outputToInput.put(output.getName(), input.getName());
        }
        return new IdentityInstance(outputToInput, executeDelayMs(config));
    }

    public static long executeDelayMs(ModelConfig config) throws ModelConfigException {
        ModelParameter parameter = config.getParametersMap().get(EXECUTE_DELAY_MS);
        if (parameter == null) {
            return 0;
        }
        String value = parameter.getStringValue().strip();
        try {
            int delay = Integer.parseInt(value);
            if (delay >= 0) {
                return delay;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ModelConfigException("identity parameter '" + EXECUTE_DELAY_MS + "' has value '" + value
                + "'; expected a non-negative integer");
    }
}
