package io.infergate.python;

import static io.infergate.python.InitializeArgs.initializeArgs;

import io.infergate.engine.backend.ModelSpec;
import io.infergate.engine.config.ModelConfigJson;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * One context running one {@code TritonPythonModel} object: loads {@code model.py}, calls
 * {@code initialize}, {@code execute} and {@code finalize}. Closing it frees the context.
 */
final class PythonModel implements AutoCloseable {
    private final Context context;
    private final Value glue;
    private final Value utils;
    private final Value model;
    private final String name;
    private final PythonBridge bridge;

    private PythonModel(Context context, ModelModule module, Value model, String name) {
        this.context = context;
        this.glue = module.glue();
        this.utils = module.utils();
        this.model = model;
        this.name = name;
        this.bridge = module.bridge();
    }

    /**
     * Builds the context and initializes the model in it.
     *
     * @throws PythonLoadException with the Python traceback when model.py or initialize raises
     */
    static PythonModel load(PythonRuntime runtime, ModelSpec spec, SandboxPolicy policy, int instanceIndex,
            long memoryLimitBytes) throws PythonLoadException {
        Context context = ContextFactory.create(runtime, policy);
        ModelModule module = null;
        try {
            module = ModelModule.load(context, runtime, policy, spec.name(), spec.engine(), spec.models(), spec.modelFile(),
                    spec.versionDir());
            if (memoryLimitBytes > 0) {
                module.glue().getMember("bound_memory").execute(memoryLimitBytes);
            }
            Value model = module.modelClass().newInstance();
            module.glue().getMember("initialize").execute(model, initializeArgs(spec, instanceIndex));
            return new PythonModel(context, module, model, spec.name());
        } catch (PolyglotException e) {
            discard(context, module);
            throw new PythonLoadException("model '" + spec.name() + "' failed to initialize:\n"
                    + PythonErrors.traceback(e), e);
        } catch (RuntimeException e) {
            discard(context, module);
            throw e;
        }
    }

    /** Closes a context whose model failed to load, releasing what its bridge holds. */
    private static void discard(Context context, ModelModule module) {
        if (module != null) {
            module.bridge().close();
        }
        context.close(true);
    }

    /**
     * Runs the model class's {@code auto_complete_config} on a configuration, in a context of its
     * own that is closed afterwards.
     *
     * @return the completed configuration as JSON, or null when the class defines no auto_complete_config
     * @throws PythonLoadException with the Python traceback when model.py or auto_complete_config raises
     */
    static String autoComplete(PythonRuntime runtime, ModelConfig config, Path modelFile, SandboxPolicy policy)
            throws PythonLoadException {
        try (Context context = ContextFactory.create(runtime, policy)) {
            ModelModule module = ModelModule.load(context, runtime, policy, config.getName(), null, null, modelFile,
                    modelFile.getParent());
            try {
                Value completed = module.glue().getMember("auto_complete").execute(module.modelClass(),
                        module.utils(), ModelConfigJson.toJson(config));
                return completed.isNull() ? null : completed.asString();
            } finally {
                module.bridge().close();
            }
        } catch (PolyglotException e) {
            throw new PythonLoadException("model '" + config.getName() + "': auto_complete_config failed:\n"
                    + PythonErrors.traceback(e), e);
        }
    }

    /**
     * Runs execute() on one request.
     *
     * @param sender  the decoupled model's sender, or null
     * @param request the request's id, parameters, correlation id, timeout and cancellation
     * @return the response's outputs, with its parameters ({@link io.infergate.engine.backend.ParameterizedOutputs});
     *         empty for decoupled models
     */
    List<Tensor> execute(List<Tensor> inputs, Set<String> requestedOutputs, PythonResponseSender sender,
            HostRequest request) {
        Value outputs = glue.getMember("execute").execute(model, utils, PythonTensors.toPython(inputs),
                List.copyOf(requestedOutputs), sender, name, request);
        return sender == null
                ? PythonTensors.fromPython(outputs.getArrayElement(0), outputs.getArrayElement(1).asString())
                : List.of();
    }

    /** The model's optional {@code is_ready()}: true when it has none; false when it raises or returns false. */
    boolean isReady() {
        return glue.getMember("is_ready").execute(model).asBoolean();
    }

    /** Stops the context at once, from any thread: a running execute fails as cancelled. */
    void cancel() {
        bridge.close();
        context.close(true);
    }

    /** Calls finalize() and frees the context, stopping threads the model left running. */
    @Override
    public void close() {
        try {
            glue.getMember("finalize").execute(model);
        } finally {
            bridge.close();
            context.close(true);
        }
    }
}
