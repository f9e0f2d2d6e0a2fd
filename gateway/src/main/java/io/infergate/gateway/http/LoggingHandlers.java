package io.infergate.gateway.http;

import io.infergate.gateway.logging.LogSettings;
import io.infergate.gateway.logging.ServerLog;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Triton's logging extension: {@code GET /v2/logging} answers the log settings, {@code POST}
 * changes the ones its JSON object names (all or none) and answers them all.
 */
final class LoggingHandlers {
    private final ServerLog log;
    private final long maxInputSize;

    LoggingHandlers(ServerLog log, long maxInputSize) {
        this.log = log;
        this.maxInputSize = maxInputSize;
    }

    void get(RoutingContext ctx) {
        send(ctx.request(), log.current());
    }

    void post(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        RequestBodies.read(request, maxInputSize)
                .map(body -> log.update(changes(body)))
                .onSuccess(settings -> send(request, settings))
                .onFailure(e -> ErrorResponses.send(request, e));
    }

    private static Map<String, Object> changes(Buffer body) {
        return RequestBodies.isBlank(body) ? Map.of() : JsonBodies.parseObject(body).getMap();
    }

    private static void send(HttpServerRequest request, LogSettings settings) {
        request.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject(settings.asMap()).encode());
    }
}
