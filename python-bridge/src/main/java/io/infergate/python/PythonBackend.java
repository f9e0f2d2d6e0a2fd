package io.infergate.python;

import io.infergate.engine.backend.Backend;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ModelSpec;
import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.ModelConfigParser;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelParameter;
import io.infergate.python.cpython.CpythonRuntime;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code python} backend: a version folder's {@code model.py} defines
 * {@code TritonPythonModel}, run in-process on GraalPy. Parameter {@code EXECUTE_TIMEOUT_MS}
 * bounds one execution (0, the default, for no bound); {@code MEMORY_LIMIT_MB} what each
 * instance's numpy arrays may hold (2048 by default, 0 for no bound); the {@code SANDBOX_*} parameters are in
 * {@link SandboxPolicy}. Parameter {@code INFERGATE_PYTHON_RUNTIME=cpython} runs a model on
 * CPython instead ({@link CpythonRuntime}), auto_complete_config there in a short-lived stub.
 */
public final class PythonBackend implements Backend {
    public static final String NAME = "python";
    static final String EXECUTE_TIMEOUT_MS = "EXECUTE_TIMEOUT_MS";
    static final String MEMORY_LIMIT_MB = "MEMORY_LIMIT_MB";
    private static final long DEFAULT_MEMORY_LIMIT_MB = 2048;
    private static final String AUTO_COMPLETE = "auto_complete_config";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultModelFilename() {
        return "model.py";
    }

    /**
     * Names the backend, and runs {@code TritonPythonModel.auto_complete_config} when model.py defines one. model.py is
     * imported in a context of its own only when its text names the method: loading a context
     * costs tens of milliseconds to seconds, and most models have none.
     */
    @Override
    public ModelConfig autoComplete(ModelConfig found, Path modelFile) throws Exception {
        // A model found by its model.py gets the backend named, as Triton prints it.
        ModelConfig config = found.getBackend().isEmpty() ? found.toBuilder().setBackend(NAME).build() : found;
        if (modelFile == null || !Files.readString(modelFile).contains(AUTO_COMPLETE)) {
            return config;
        }
        String completed;
        if (CpythonRuntime.chosen(config)) {
            completed = CpythonRuntime.autoComplete(config, modelFile);
        } else {
            PythonRuntime runtime = PythonRuntime.get();
            completed = PythonModel.autoComplete(runtime, config, modelFile,
                    runtime.sandbox(config, modelFile.getParent().getParent()));
        }
        return completed == null ? config : ModelConfigParser.parseJson(completed);
    }

    @Override
    public ModelInstance createInstance(ModelSpec model, int instanceIndex) throws Exception {
        if (CpythonRuntime.chosen(model.config())) {
            return CpythonRuntime.createInstance(model, instanceIndex, timeLimitMillis(model.config()));
        }
        PythonRuntime runtime = PythonRuntime.get();
        SandboxPolicy policy = runtime.sandbox(model.config(), model.versionDir().getParent());
        return new PythonModelInstance(new PythonModelFactory(runtime, model, policy, instanceIndex,
                memoryLimitBytes(model.config())), timeLimitMillis(model.config()));
    }

    private static long timeLimitMillis(ModelConfig config) throws ModelConfigException {
        return nonNegative(config, EXECUTE_TIMEOUT_MS, 0, "milliseconds");
    }

    private static long memoryLimitBytes(ModelConfig config) throws ModelConfigException {
        return nonNegative(config, MEMORY_LIMIT_MB, DEFAULT_MEMORY_LIMIT_MB, "MiB") << 20;
    }

    private static long nonNegative(ModelConfig config, String key, long defaultValue, String unit)
            throws ModelConfigException {
        ModelParameter parameter = config.getParametersMap().get(key);
        String value = parameter == null ? Long.toString(defaultValue) : parameter.getStringValue().strip();
        try {
            long number = Long.parseLong(value);
            if (number >= 0 && number <= Integer.MAX_VALUE) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ModelConfigException("python parameter '" + key + "' is '" + value
                + "'; expected a non-negative number of " + unit);
    }
}
