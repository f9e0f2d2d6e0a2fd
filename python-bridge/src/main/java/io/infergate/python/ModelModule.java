package io.infergate.python;

import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.ModelCatalog;
import java.nio.file.Path;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

/**
 * A model's {@code model.py} imported into a fresh context, with pb_utils installed: the glue
 * functions, the pb_utils module, the {@code TritonPythonModel} class and the host bridge (to
 * close with the context).
 */
record ModelModule(Value glue, Value utils, Value modelClass, PythonBridge bridge) {

    /**
     * @param engine where BLS requests go; null where the model cannot call other models (auto-complete)
     * @param models where load_model and friends go; null with engine
     * @throws org.graalvm.polyglot.PolyglotException when model.py raises or defines no TritonPythonModel
     */
    static ModelModule load(Context context, PythonRuntime runtime, SandboxPolicy policy, String modelName,
            InferenceEngine engine, ModelCatalog models, Path modelFile, Path versionDir) {
        context.eval(runtime.glueSource());
        Value glue = context.getBindings("python");
        PythonBridge bridge = new PythonBridge(modelName, engine, models);
        Value utils = glue.getMember("install_utils").execute(runtime.utilsCode(), bridge);
        glue.getMember("add_import_paths").execute(policy.importPaths().stream().map(Path::toString).toList());
        try {
            Value modelClass = glue.getMember("load_model").execute(modelFile.toString(), versionDir.toString(),
                    policy.missingModuleHint());
            return new ModelModule(glue, utils, modelClass, bridge);
        } catch (RuntimeException e) {
            bridge.close();
            throw e;
        }
    }
}
