package io.infergate.gateway.grpc;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.SharedMemoryRegions;
import io.infergate.gateway.kserve.InferRequestReader;
import io.infergate.gateway.kserve.InferResponseWriter;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferResponse;
import io.infergate.gateway.protocol.RequestRegions;
import io.vertx.core.Future;
import java.util.Map;

/** Unary {@code ModelInfer}: one request, one response; decoupled models are refused by the engine. */
final class InferRpcs {
    private final InferenceEngine engine;
    private final SharedMemoryRegions sharedMemory;

    InferRpcs(InferenceEngine engine, SharedMemoryRegions sharedMemory) {
        this.engine = engine;
        this.sharedMemory = sharedMemory;
    }

    Future<ModelInferResponse> infer(ModelInferRequest message, Cancellation cancellation) {
        // the regions this request's outputs go to stay held until it is answered
        RequestRegions regions = new RequestRegions(sharedMemory);
        InferenceRequest request;
        try {
            request = InferRequestReader.read(message, regions).request();
        } catch (RuntimeException e) {
            regions.close();
            throw e;
        }
        return engine.infer(request, cancellation)
                .map(response -> InferResponseWriter.write(response, Map.of(), regions.writeOutputs(response)))
                .onComplete(done -> regions.close());
    }
}
