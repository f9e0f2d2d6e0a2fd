package io.infergate.engine;

import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelLoadOverrides;
import io.infergate.engine.api.ModelMetadata;
import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/** WORK IN PROGRESS: the engine running models in this JVM. Signatures are final. */
public final class LocalEngine implements InferenceEngine {

    /** Starts an engine on this Vert.x instance and loads the start-up models. */
    public static Future<LocalEngine> start(Vertx vertx, EngineOptions options) {
        throw new UnsupportedOperationException("in progress");
    }

    /** Unloads every model (draining in-flight requests) and releases the engine's resources. */
    public Future<Void> close() {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public boolean isLive() {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public boolean isReady() {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public Future<InferenceResponse> infer(InferenceRequest request) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public boolean isModelReady(String model, String version) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public ModelMetadata metadata(String model, String version) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public ModelConfig config(String model, String version) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public List<ModelIndexEntry> index(boolean readyOnly) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public Future<Void> load(String model, ModelLoadOverrides overrides) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public Future<Void> unload(String model, boolean unloadDependents) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public List<ModelStatistics> statistics(String model, String version) {
        throw new UnsupportedOperationException("in progress");
    }
}
