package io.infergate.python;

import io.infergate.engine.backend.Backend;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ModelSpec;
import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelParameter;

/**
 * The {@code python} backend: a version folder's {@code model.py} defines
 * {@code TritonPythonModel}, run in-process on GraalPy. Parameter {@code EXECUTE_TIMEOUT_MS}
 * bounds one execution (0, the default, for no bound); the {@code SANDBOX_*} parameters are in
 * {@link SandboxPolicy}.
 */
public final class PythonBackend implements Backend {
    public static final String NAME = "python";
    static final String EXECUTE_TIMEOUT_MS = "EXECUTE_TIMEOUT_MS";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultModelFilename() {
        return "model.py";
    }

    @Override
    public ModelInstance createInstance(ModelSpec model, int instanceIndex) throws Exception {
        PythonRuntime runtime = PythonRuntime.get();
        SandboxPolicy policy = SandboxPolicy.of(model.config(), model.versionDir().getParent(), runtime.languageHome());
        return new PythonModelInstance(new PythonModelFactory(runtime, model, policy, instanceIndex),
                timeLimitMillis(model.config()));
    }

    private static long timeLimitMillis(ModelConfig config) throws ModelConfigException {
        ModelParameter parameter = config.getParametersMap().get(EXECUTE_TIMEOUT_MS);
        String value = parameter == null ? "0" : parameter.getStringValue().strip();
        try {
            long limit = Long.parseLong(value);
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ModelConfigException("python parameter '" + EXECUTE_TIMEOUT_MS + "' is '" + value
                + "'; expected a non-negative number of milliseconds");
    }
}
