package io.infergate.python;

import io.infergate.engine.backend.ModelSpec;
import io.infergate.engine.config.ModelConfigJson;
import java.util.List;

/** Triton's {@code initialize(args)} for one model instance, the same on every Python runtime. */
public final class InitializeArgs {
    private InitializeArgs() {
    }

    /** The arguments as (key, value) pairs: GraalPy's Python sees host lists, not maps. */
    public static List<List<String>> initializeArgs(ModelSpec spec, int instanceIndex) {
        return List.of(
                List.of("model_config", ModelConfigJson.toJson(spec.config())),
                List.of("model_instance_kind", "CPU"),
                List.of("model_instance_name", spec.name() + "_0_" + instanceIndex),
                List.of("model_instance_device_id", "0"),
                List.of("model_repository", spec.versionDir().getParent().toString()),
                List.of("model_version", Long.toString(spec.version())),
                List.of("model_name", spec.name()));
    }
}
