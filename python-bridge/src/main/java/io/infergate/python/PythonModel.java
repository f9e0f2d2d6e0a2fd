package io.infergate.python;

import io.infergate.engine.backend.ModelSpec;
import io.infergate.engine.config.ModelConfigJson;
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
            context.eval(runtime.glueSource());
            Value glue = context.getBindings("python");
            Value utils = glue.getMember("install_utils").execute(runtime.utilsCode(),
                    new PythonBridge(spec.name(), spec.engine()));
            if (policy.executionEnv() != null) {
                glue.getMember("add_execution_env").execute(policy.executionEnv().toString());
            }
            glue.getMember("add_library_paths").execute(policy.libraries().stream().map(Path::toString).toList());
            Value modelClass = glue.getMember("load_model").execute(spec.modelFile().toString(),
                    spec.versionDir().toString());
            Value model = modelClass.newInstance();
            glue.getMember("initialize").execute(model, initializeArgs(spec, instanceIndex));
            return new PythonModel(context, glue, utils, model, spec.name());
        } catch (PolyglotException e) {
            context.close(true);
            throw new PythonLoadException("model '" + spec.name() + "' failed to initialize:\n"
                    + PythonErrors.traceback(e), e);
        } catch (RuntimeException e) {
            context.close(true);
            throw e;
        }
    }

    /** Triton's initialize() arguments, as (key, value) pairs: Python sees host lists, not maps. */
    private static List<List<String>> initializeArgs(ModelSpec spec, int instanceIndex) {
        return List.of(
                List.of("model_config", ModelConfigJson.toJson(spec.config())),
                List.of("model_instance_kind", "CPU"),
                List.of("model_instance_name", spec.name() + "_0_" + instanceIndex),
                List.of("model_instance_device_id", "0"),
                List.of("model_repository", spec.versionDir().getParent().toString()),
                List.of("model_version", Long.toString(spec.version())),
                List.of("model_name", spec.name()));
    }

    /**
     * Runs execute() on one request.
     *
     * @param sender the decoupled model's sender, or null
     * @return the response's outputs; empty for decoupled models
     */
    List<Tensor> execute(List<Tensor> inputs, Set<String> requestedOutputs, PythonResponseSender sender) {
        Value outputs = glue.getMember("execute").execute(model, utils, PythonTensors.toPython(inputs),
                List.copyOf(requestedOutputs), sender, name);
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
