package io.infergate.perf.baseline;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.grpc.server.GrpcServer;

/**
 * The gRPC baseline: a bare vertx-grpc server answering every call with the frame it received,
 * without decoding it. Whatever Infergate costs beyond this is protobuf, the engine and the model.
 */
public final class GrpcEchoServer {
    private GrpcEchoServer() {
    }

    public static Future<HttpServer> start(Vertx vertx) {
        GrpcServer grpc = GrpcServer.server(vertx).callHandler(call -> call.messageHandler(frame ->
                call.response().endMessage(frame)));
        return vertx.createHttpServer().requestHandler(grpc).listen(0, "127.0.0.1");
    }
}
