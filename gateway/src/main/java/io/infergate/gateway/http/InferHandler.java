package io.infergate.gateway.http;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ModelCatalog;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /v2/models/{m}[/versions/{v}]/infer}: read, decode, infer, encode. */
final class InferHandler {
    private final InferenceEngine inference;
    private final ModelCatalog models;
    private final long maxInputSize;

    InferHandler(InferenceEngine inference, ModelCatalog models, long maxInputSize) {
        this.inference = inference;
        this.models = models;
        this.maxInputSize = maxInputSize;
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
        RequestBodies.read(request, maxInputSize)
                .compose(body -> engineCall(model, version, headerLength, body, cancellation))
                .onSuccess(result -> {
                    try {
                        send(request.response(), result, acceptEncoding);
                    } catch (RuntimeException e) {
                        ErrorResponses.send(request, e);
                    }
                })
                .onFailure(failure -> ErrorResponses.send(request, failure));
    }

    private record Result(InferenceResponse response, OutputFormat format) {
    }

    private Future<Result> engineCall(String model, String version, String headerLength, Buffer body,
            Cancellation cancellation) {
        BinaryBody split = BinaryBody.split(headerLength, body);
        DecodedInfer decoded = split.raw()
                ? InferRequestDecoder.decodeRaw(model, version, split.tail(), models.config(model, version))
                : InferRequestDecoder.decode(model, version, split);
        return inference.infer(decoded.request(), cancellation).map(response -> new Result(response, decoded.format()));
    }

    private static void send(HttpServerResponse response, Result result, String acceptEncoding) {
        InferResponseEncoder.Encoded encoded = InferResponseEncoder.encode(result.response(), result.format());
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
        response.setStatusCode(200).end(body);
    }
}
