package io.infergate.engine.backend;

import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import java.nio.file.Path;

/**
 * One model version ready to be instantiated.
 *
 * @param name       model name
 * @param version    version number
 * @param config     the complete (auto-completed, validated) configuration
 * @param versionDir the version's folder
 * @param modelFile  the model file in it, or null for backends that need none
 * @param engine     the engine the model is loaded in: models that call other models (Python
 *                   business-logic scripts) send those requests through it, like any frontend;
 *                   null when an instance is built outside an engine (backend unit tests)
 * @param models     the engine's catalog: models that manage other models (pb_utils load_model,
 *                   is_model_ready) go through it; null where engine is null
 */
public record ModelSpec(String name, long version, ModelConfig config, Path versionDir, Path modelFile,
        InferenceEngine engine, ModelCatalog models) {
}
