package io.infergate.gateway.cluster;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelLoadOverrides;
import io.infergate.engine.api.ModelMetadata;
import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a worker's models call (Python BLS, ensemble steps): a model ready on this worker runs
 * here, any other goes through the cluster to a worker that has it. Everything else is local.
 */
final class LocalFirstEngine implements InferenceEngine {
    private final InferenceEngine local;
    private final Supplier<InferenceEngine> cluster;

    /** The cluster engine is looked up per call: it starts after the local engine has loaded. */
    LocalFirstEngine(InferenceEngine local, Supplier<InferenceEngine> cluster) {
        this.local = local;
        this.cluster = cluster;
    }

    private InferenceEngine target(InferenceRequest request) {
        InferenceEngine remote = cluster.get();
        return remote == null || local.isModelReady(request.modelName(), request.modelVersion()) ? local : remote;
    }

    @Override
    public Future<InferenceResponse> infer(InferenceRequest request, Cancellation cancellation) {
        return target(request).infer(request, cancellation);
    }

    @Override
    public void inferStream(InferenceRequest request, Cancellation cancellation, ResponseSink sink) {
        target(request).inferStream(request, cancellation, sink);
    }

    @Override
    public boolean isLive() {
        return local.isLive();
    }

    @Override
    public boolean isReady() {
        return local.isReady();
    }

    @Override
    public boolean isModelReady(String model, String version) {
        return local.isModelReady(model, version);
    }

    @Override
    public ModelMetadata metadata(String model, String version) {
        return local.metadata(model, version);
    }

    @Override
    public ModelConfig config(String model, String version) {
        return local.config(model, version);
    }

    @Override
    public List<ModelIndexEntry> index(boolean readyOnly) {
        return local.index(readyOnly);
    }

    @Override
    public Future<Void> load(String model, ModelLoadOverrides overrides) {
        return local.load(model, overrides);
    }

    @Override
    public Future<Void> unload(String model, boolean unloadDependents) {
        return local.unload(model, unloadDependents);
    }

    @Override
    public List<ModelStatistics> statistics(String model, String version) {
        return local.statistics(model, version);
    }
}
