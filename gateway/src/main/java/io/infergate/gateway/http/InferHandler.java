package io.infergate.gateway.http;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.SharedMemoryRegions;
import io.infergate.engine.trace.RequestTrace;
import io.infergate.gateway.protocol.RequestRegions;
import io.infergate.gateway.trace.Tracing;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** {@code POST /v2/models/{m}[/versions/{v}]/infer}: read, decode, infer, encode. */
final class InferHandler {
    private final InferenceEngine inference;
    private final ModelCatalog models;
    private final SharedMemoryRegions sharedMemory;
    private final long maxInputSize;
    private final Tracing tracing;

    InferHandler(InferenceEngine inference, ModelCatalog models, SharedMemoryRegions sharedMemory, long maxInputSize,
            Tracing tracing) {
        this.inference = inference;
        this.models = models;
        this.sharedMemory = sharedMemory;
        this.maxInputSize = maxInputSize;
        this.tracing = tracing;
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String model = ctx.pathParam("m");
        String version = ctx.pathParam("v") == null ? "" : ctx.pathParam("v");
        String headerLength = request.getHeader(BinaryBody.HEADER);
        String acceptEncoding = request.getHeader("Accept-Encoding");
        // a client that hangs up withdraws its request: queued, it is never computed
        Cancellation cancellation = Cancellation.create();
        request.response().closeHandler(closed -> cancellation.cancel());
        // the regions this request's outputs go to stay held until it is answered
        RequestRegions regions = new RequestRegions(sharedMemory);
        // null unless this request is sampled for tracing: then, and only then, its times are read
        RequestTrace trace = HttpTraces.sample(tracing, request, model, version);
        RequestBodies.read(request, maxInputSize)
                .compose(body -> engineCall(model, version, headerLength, body, cancellation, regions, trace))
                .onComplete(done -> regions.close())
                .onSuccess(result -> {
                    try {
                        send(request.response(), result, acceptEncoding, trace);
                    } catch (RuntimeException e) {
                        ErrorResponses.send(request, e);
                        HttpTraces.end(trace);
                    }
                })
                .onFailure(failure -> {
                    ErrorResponses.send(request, failure);
                    HttpTraces.end(trace);
                });
    }

    /** The engine's answer, how to encode it, and the outputs already written into shared memory. */
    private record Result(InferenceResponse response, OutputFormat format, Map<String, Map<String, Object>> inRegions) {
    }

    private Future<Result> engineCall(String model, String version, String headerLength, Buffer body,
            Cancellation cancellation, RequestRegions regions, RequestTrace trace) {
        HttpTraces.received(trace);
        BinaryBody split = BinaryBody.split(headerLength, body);
        DecodedInfer decoded = split.raw()
                ? InferRequestDecoder.decodeRaw(model, version, split.tail(), models.config(model, version))
                : InferRequestDecoder.decode(model, version, split, regions);
        InferenceRequest request = trace == null ? decoded.request() : decoded.request().withTrace(trace);
        return inference.infer(request, cancellation)
                .map(response -> new Result(response, decoded.format(), regions.writeOutputs(response)));
    }

    private static void send(HttpServerResponse response, Result result, String acceptEncoding, RequestTrace trace) {
        InferResponseEncoder.Encoded encoded = InferResponseEncoder.encode(result.response(), result.format(),
                result.inRegions());
        Buffer body = encoded.body();
        if (encoded.binary()) {
            response.putHeader("Content-Type", "application/octet-stream")
                    .putHeader(BinaryBody.HEADER, Integer.toString(encoded.jsonLength()));
        } else {
            response.putHeader("Content-Type", "application/json");
        }
        String encoding = Decompression.negotiate(acceptEncoding);
        if (encoding != null) {
            body = Decompression.compress(encoding, body);
            response.putHeader("Content-Encoding", encoding);
        }
        HttpTraces.endWith(response.setStatusCode(200), body, trace);
    }
}
