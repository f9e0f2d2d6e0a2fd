package io.infergate.gateway.http;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.ResponseSink;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Triton's generate extension: {@code POST /v2/models/{m}[/versions/{v}]/generate} answers one
 * flat JSON object, {@code .../generate_stream} answers Server-Sent Events. Both send the request
 * as a stream to the engine, so that decoupled models work on either.
 */
final class GenerateHandler {
    private final InferenceEngine inference;
    private final ModelCatalog models;
    private final long maxInputSize;

    GenerateHandler(InferenceEngine inference, ModelCatalog models, long maxInputSize) {
        this.inference = inference;
        this.models = models;
        this.maxInputSize = maxInputSize;
    }

    void generate(RoutingContext ctx) {
        SingleResponse single = new SingleResponse();
        HttpServerRequest request = ctx.request();
        // encoded inside the future, so that an output that cannot be written is an error answer
        single.future().map(GenerateResponseEncoder::encode)
                .onSuccess(json -> request.response().setStatusCode(200)
                        .putHeader("Content-Type", "application/json")
                        .end(json))
                .onFailure(failure -> ErrorResponses.send(request, failure));
        run(ctx, single, cancellable(request));
    }

    void generateStream(RoutingContext ctx) {
        Cancellation cancellation = cancellable(ctx.request());
        run(ctx, new ServerSentEvents(ctx.request(), cancellation), cancellation);
    }

    /** A client that hangs up withdraws its request. */
    private static Cancellation cancellable(HttpServerRequest request) {
        Cancellation cancellation = Cancellation.create();
        request.response().closeHandler(closed -> cancellation.cancel());
        return cancellation;
    }

    private void run(RoutingContext ctx, ResponseSink sink, Cancellation cancellation) {
        HttpServerRequest request = ctx.request();
        String model = ctx.pathParam("m");
        String version = ctx.pathParam("v") == null ? "" : ctx.pathParam("v");
        RequestBodies.read(request, maxInputSize)
                .map(body -> GenerateRequestReader.read(version, body, models.metadata(model, version)))
                .onSuccess(decoded -> inference.inferStream(decoded, cancellation, sink))
                .onFailure(failure -> ErrorResponses.send(request, failure));
    }
}
