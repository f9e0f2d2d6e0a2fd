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

    private PythonModel(Context context, Value glue, Value utils, Value model, String name) {
        this.context = context;
        this.glue = glue;
        this.utils = utils;
        this.model = model;
        this.name = name;
    }

    /**
     * Builds the context and initializes the model in it.
     *
     * @throws PythonLoadException with the Python traceback when model.py or initialize raises
     */
    static PythonModel load(PythonRuntime runtime, ModelSpec spec, SandboxPolicy policy, int instanceIndex)
            throws PythonLoadException {
        Context context = ContextFactory.create(runtime, policy);
        try {
            ModelModule module = ModelModule.load(context, runtime, policy, spec.name(), spec.engine(),
                    spec.modelFile(), spec.versionDir());
            Value model = module.modelClass().newInstance();
            module.glue().getMember("initialize").execute(model, initializeArgs(spec, instanceIndex));
            return new PythonModel(context, module.glue(), module.utils(), model, spec.name());
        } catch (PolyglotException e) {
            context.close(true);
            throw new PythonLoadException("model '" + spec.name() + "' failed to initialize:\n"
                    + PythonErrors.traceback(e), e);
        } catch (RuntimeException e) {
            context.close(true);
            throw e;
        }
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
            ModelModule module = ModelModule.load(context, runtime, policy, config.getName(), null, modelFile,
                    modelFile.getParent());
            Value completed = module.glue().getMember("auto_complete").execute(module.modelClass(), module.utils(),
                    ModelConfigJson.toJson(config));
            return completed.isNull() ? null : completed.asString();
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
     * @return the response's outputs; empty for decoupled models
     */
    List<Tensor> execute(List<Tensor> inputs, Set<String> requestedOutputs, PythonResponseSender sender,
            HostRequest request) {
        Value outputs = glue.getMember("execute").execute(model, utils, PythonTensors.toPython(inputs),
                List.copyOf(requestedOutputs), sender, name, request);
        return sender == null ? PythonTensors.fromPython(outputs) : List.of();
    }

    /** Stops the context at once, from any thread: a running execute fails as cancelled. */
    void cancel() {
        context.close(true);
    }

    /** Calls finalize() and frees the context, stopping threads the model left running. */
    @Override
    public void close() {
        try {
            glue.getMember("finalize").execute(model);
        } finally {
            context.close(true);
        }
    }
}
