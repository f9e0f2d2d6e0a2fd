package io.infergate.gateway.cluster;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.ResponseSink;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * What a worker's models call (Python BLS, ensemble steps): a model ready on this worker runs
 * here, any other goes through the cluster to a worker that has it.
 */
final class LocalFirstEngine implements InferenceEngine {
    private final InferenceEngine local;
    private final ModelCatalog localModels;
    private final Supplier<InferenceEngine> cluster;

    /** The cluster's router is looked up per call: it starts after the local engine has loaded. */
    <E extends InferenceEngine & ModelCatalog> LocalFirstEngine(E local, Supplier<InferenceEngine> cluster) {
        this.local = local;
        this.localModels = local;
        this.cluster = cluster;
    }

    private InferenceEngine target(InferenceRequest request) {
        InferenceEngine remote = cluster.get();
        return remote == null || localModels.isModelReady(request.modelName(), request.modelVersion()) ? local : remote;
    }

    @Override
    public Future<InferenceResponse> infer(InferenceRequest request, Cancellation cancellation) {
        return target(request).infer(request, cancellation);
    }

    @Override
    public void inferStream(InferenceRequest request, Cancellation cancellation, ResponseSink sink) {
        target(request).inferStream(request, cancellation, sink);
    }
}
