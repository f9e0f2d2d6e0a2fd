package io.infergate.gateway.grpc;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.SharedMemoryRegions;
import io.infergate.engine.trace.RequestTrace;
import io.infergate.engine.trace.TracePoint;
import io.infergate.gateway.grpc.UnaryCalls.Traced;
import io.infergate.gateway.kserve.InferRequestReader;
import io.infergate.gateway.kserve.InferResponseWriter;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferResponse;
import io.infergate.gateway.protocol.RequestRegions;
import io.infergate.gateway.trace.Tracing;
import io.vertx.core.Future;
import java.util.Map;

/**
 * Unary {@code ModelInfer}: one request, one response; decoupled models are refused by the engine.
 * A request sampled for tracing carries its trace, marked from its arrival.
 */
final class InferRpcs {
    private final InferenceEngine engine;
    private final SharedMemoryRegions sharedMemory;
    private final Tracing tracing;

    InferRpcs(InferenceEngine engine, SharedMemoryRegions sharedMemory, Tracing tracing) {
        this.engine = engine;
        this.sharedMemory = sharedMemory;
        this.tracing = tracing;
    }

    /** Whether any request may be traced now: the call's arrival time is read only then. */
    boolean tracing() {
        return tracing.active();
    }

    Traced<ModelInferResponse> infer(ModelInferRequest message, Cancellation cancellation, long arrivedNanos,
            String traceparent) {
        RequestTrace trace = arrivedNanos == 0 ? null : tracing.sample(message.getModelName());
        if (trace != null) {
            trace.model(message.getModelName(), message.getModelVersion(), message.getId());
            trace.remoteContext(traceparent);
            trace.record(TracePoint.GRPC_WAITREAD_START, arrivedNanos);
            trace.record(TracePoint.GRPC_WAITREAD_END, System.nanoTime());
        }
        // the regions this request's outputs go to stay held until it is answered
        RequestRegions regions = new RequestRegions(sharedMemory);
        InferenceRequest request;
        try {
            request = InferRequestReader.read(message, regions).request();
        } catch (RuntimeException e) {
            regions.close();
            return new Traced<>(Future.failedFuture(e), trace);
        }
        Future<ModelInferResponse> answer = engine.infer(trace == null ? request : request.withTrace(trace),
                        cancellation)
                .map(response -> InferResponseWriter.write(response, Map.of(), regions.writeOutputs(response)))
                .onComplete(done -> regions.close());
        return new Traced<>(answer, trace);
    }
}
