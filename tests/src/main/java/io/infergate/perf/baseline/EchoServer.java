package io.infergate.perf.baseline;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * The transport baseline: a bare Vert.x HTTP server that answers every request with its own body.
 * Whatever Infergate costs beyond this is protocol handling, the engine and the model.
 */
public final class EchoServer {
    private EchoServer() {
    }

    public static Future<HttpServer> start(Vertx vertx) {
        return vertx.createHttpServer()
                .requestHandler(request -> request.body().onComplete(body -> {
                    if (body.failed()) {
                        request.response().setStatusCode(400).end(String.valueOf(body.cause().getMessage()));
                        return;
                    }
                    String type = request.getHeader("Content-Type");
                    request.response().putHeader("Content-Type", type != null ? type : "application/octet-stream")
                            .end(body.result());
                }))
                .listen(0, "127.0.0.1");
    }
}
