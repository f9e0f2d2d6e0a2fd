package io.infergate.gateway.grpc;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.gateway.kserve.InferRequestReader;
import io.infergate.gateway.kserve.InferResponseWriter;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferResponse;
import io.vertx.core.Future;
import java.util.Map;

/** Unary {@code ModelInfer}: one request, one response; decoupled models are refused by the engine. */
final class InferRpcs {
    private final InferenceEngine engine;

    InferRpcs(InferenceEngine engine) {
        this.engine = engine;
    }

    Future<ModelInferResponse> infer(ModelInferRequest message, Cancellation cancellation) {
        return engine.infer(InferRequestReader.read(message).request(), cancellation)
                .map(response -> InferResponseWriter.write(response, Map.of()));
    }
}
