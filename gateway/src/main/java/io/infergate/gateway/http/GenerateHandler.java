package io.infergate.gateway.http;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.trace.RequestTrace;
import io.infergate.gateway.trace.Tracing;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Triton's generate extension: {@code POST /v2/models/{m}[/versions/{v}]/generate} answers one
 * flat JSON object, {@code .../generate_stream} answers Server-Sent Events. Both send the request
 * as a stream to the engine, so that decoupled models work on either. A request sampled for
 * tracing is traced as an {@code infer} one, each Server-Sent Event a sending of its own.
 */
final class GenerateHandler {
    private final InferenceEngine inference;
    private final ModelCatalog models;
    private final long maxInputSize;
    private final Tracing tracing;

    GenerateHandler(InferenceEngine inference, ModelCatalog models, long maxInputSize, Tracing tracing) {
        this.inference = inference;
        this.models = models;
        this.maxInputSize = maxInputSize;
        this.tracing = tracing;
    }

    void generate(RoutingContext ctx) {
        SingleResponse single = new SingleResponse();
        HttpServerRequest request = ctx.request();
        RequestTrace trace = sample(ctx);
        // encoded inside the future, so that an output that cannot be written is an error answer
        single.future().map(GenerateResponseEncoder::encode)
                .onSuccess(json -> HttpTraces.endWith(request.response().setStatusCode(200)
                        .putHeader("Content-Type", "application/json"), Buffer.buffer(json), trace))
                .onFailure(failure -> {
                    ErrorResponses.send(request, failure);
                    HttpTraces.end(trace);
                });
        run(ctx, single, cancellable(request), trace);
    }

    void generateStream(RoutingContext ctx) {
        Cancellation cancellation = cancellable(ctx.request());
        RequestTrace trace = sample(ctx);
        run(ctx, new ServerSentEvents(ctx.request(), cancellation, trace), cancellation, trace);
    }

    private RequestTrace sample(RoutingContext ctx) {
        return HttpTraces.sample(tracing, ctx.request(), ctx.pathParam("m"), version(ctx));
    }

    private static String version(RoutingContext ctx) {
        return ctx.pathParam("v") == null ? "" : ctx.pathParam("v");
    }

    /** A client that hangs up withdraws its request. */
    private static Cancellation cancellable(HttpServerRequest request) {
        Cancellation cancellation = Cancellation.create();
        request.response().closeHandler(closed -> cancellation.cancel());
        return cancellation;
    }

    private void run(RoutingContext ctx, ResponseSink sink, Cancellation cancellation, RequestTrace trace) {
        HttpServerRequest request = ctx.request();
        String model = ctx.pathParam("m");
        String version = version(ctx);
        RequestBodies.read(request, maxInputSize)
                .map(body -> {
                    HttpTraces.received(trace);
                    return GenerateRequestReader.read(version, body, models.metadata(model, version));
                })
                .onSuccess(decoded -> inference.inferStream(trace == null ? decoded : decoded.withTrace(trace),
                        cancellation, sink))
                .onFailure(failure -> {
                    ErrorResponses.send(request, failure);
                    HttpTraces.end(trace);
                });
    }
}
