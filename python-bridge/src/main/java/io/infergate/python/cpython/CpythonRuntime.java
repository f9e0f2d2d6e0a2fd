package io.infergate.python.cpython;

import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ModelSpec;
import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.ModelConfigJson;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelParameter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The choice of Python runtime, per model, with the parameter {@code INFERGATE_PYTHON_RUNTIME}:
 * {@code graalpy} (the default: in this JVM) or {@code cpython} (a stub process per instance, on
 * the {@link Interpreter} the model's {@code EXECUTION_ENV_PATH} names).
 */
public final class CpythonRuntime {
    public static final String PARAMETER = "INFERGATE_PYTHON_RUNTIME";

    private CpythonRuntime() {
    }

    /**
     * Whether a model runs on CPython.
     *
     * @throws ModelConfigException when the parameter names neither runtime
     */
    public static boolean chosen(ModelConfig config) throws ModelConfigException {
        ModelParameter parameter = config.getParametersMap().get(PARAMETER);
        String value = parameter == null ? "" : parameter.getStringValue().strip();
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "", "graalpy" -> false;
            case "cpython" -> true;
            default -> throw new ModelConfigException("python parameter '" + PARAMETER + "' is '" + value
                    + "'; expected graalpy (the default) or cpython");
        };
    }

    /**
     * Runs the model class's {@code auto_complete_config} in a short-lived stub on the model's interpreter.
     *
     * @param modelFile the version folder's model.py
     * @return the completed configuration as JSON, or null when the class defines no auto_complete_config
     * @throws Exception with the traceback when model.py or auto_complete_config raises, or the stub fails
     */
    public static String autoComplete(ModelConfig config, Path modelFile) throws Exception {
        Interpreter interpreter = Interpreter.of(config, modelFile.toAbsolutePath().getParent().getParent().getParent());
        return Stub.autoComplete(config.getName(), ModelConfigJson.toJson(config), modelFile.toAbsolutePath(),
                interpreter);
    }

    /**
     * Checks the model's interpreter, then starts one stub and initializes the model in it.
     *
     * @param timeLimitMillis the model's EXECUTE_TIMEOUT_MS, 0 for none
     */
    public static ModelInstance createInstance(ModelSpec spec, int instanceIndex, long timeLimitMillis)
            throws Exception {
        Interpreter interpreter = Interpreter.of(spec.config(), spec.versionDir().getParent().getParent());
        return new CpythonModelInstance(spec, instanceIndex, interpreter, timeLimitMillis);
    }
}
