package io.infergate.gateway.http;

import io.infergate.engine.api.ModelCatalog;
import io.infergate.gateway.trace.Tracing;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Triton's trace extension: {@code GET /v2[/models/{m}]/trace/setting} answers the settings in
 * force (a model's over the global ones), {@code POST} changes the ones its JSON object names (all
 * or none; null clears one) and answers them all. A model must be ready.
 */
final class TraceHandlers {
    private final Tracing tracing;
    private final ModelCatalog catalog;
    private final long maxInputSize;

    TraceHandlers(Tracing tracing, ModelCatalog catalog, long maxInputSize) {
        this.tracing = tracing;
        this.catalog = catalog;
        this.maxInputSize = maxInputSize;
    }

    void get(RoutingContext ctx) {
        try {
            String model = model(ctx);
            Tracing.requireModel(catalog, model);
            send(ctx.request(), tracing.settings(model));
        } catch (RuntimeException e) {
            ErrorResponses.send(ctx.request(), e);
        }
    }

    void post(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String model = model(ctx);
        RequestBodies.read(request, maxInputSize)
                .map(body -> {
                    Tracing.requireModel(catalog, model);
                    return tracing.update(model, changes(body));
                })
                .onSuccess(settings -> send(request, settings))
                .onFailure(e -> ErrorResponses.send(request, e));
    }

    private static String model(RoutingContext ctx) {
        String model = ctx.pathParam("m");
        return model == null ? "" : model;
    }

    /** The settings named, lists as lists and null kept (it clears). */
    private static Map<String, Object> changes(Buffer body) {
        Map<String, Object> changes = new LinkedHashMap<>();
        if (!RequestBodies.isBlank(body)) {
            JsonObject json = JsonBodies.parseObject(body);
            json.fieldNames().forEach(name -> {
                Object value = json.getValue(name);
                changes.put(name, value instanceof JsonArray array ? array.getList() : value);
            });
        }
        return changes;
    }

    private static void send(HttpServerRequest request, Map<String, Object> settings) {
        request.response().putHeader("Content-Type", "application/json").end(new JsonObject(settings).encode());
    }
}
