package io.infergate.python;

import io.infergate.engine.api.InferenceEngine;
import java.nio.file.Path;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

/**
 * A model's {@code model.py} imported into a fresh context, with pb_utils installed: the glue
 * functions, the pb_utils module and the {@code TritonPythonModel} class.
 */
record ModelModule(Value glue, Value utils, Value modelClass) {

    /**
     * @param engine where BLS requests go; null where the model cannot call other models (auto-complete)
     * @throws org.graalvm.polyglot.PolyglotException when model.py raises or defines no TritonPythonModel
     */
    static ModelModule load(Context context, PythonRuntime runtime, SandboxPolicy policy, String modelName,
            InferenceEngine engine, Path modelFile, Path versionDir) {
        context.eval(runtime.glueSource());
        Value glue = context.getBindings("python");
        Value utils = glue.getMember("install_utils").execute(runtime.utilsCode(), new PythonBridge(modelName, engine));
        glue.getMember("add_import_paths").execute(policy.importPaths().stream().map(Path::toString).toList());
        Value modelClass = glue.getMember("load_model").execute(modelFile.toString(), versionDir.toString(),
                policy.missingModuleHint());
        return new ModelModule(glue, utils, modelClass);
    }
}
