package io.infergate.gateway.trace;

import static io.infergate.testsupport.Await.await;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.util.Map;

/** Unary gRPC calls to a server on loopback, over a real HTTP/2 connection. */
final class GrpcUnary implements AutoCloseable {
    /** What a call answered: its status, message, and the response when OK. */
    record Reply<R>(GrpcStatus status, String message, R response) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final GrpcClient client = GrpcClient.client(vertx);
    private final SocketAddress address;

    GrpcUnary(int port) {
        this.address = SocketAddress.inetSocketAddress(port, "127.0.0.1");
    }

    <Q, R> Reply<R> call(ServiceMethod<R, Q> method, Q request) {
        return call(method, request, Map.of());
    }

    /** A call with this metadata. */
    <Q, R> Reply<R> call(ServiceMethod<R, Q> method, Q request, Map<String, String> metadata) {
        return await(client.request(address, method).compose(call -> {
            metadata.forEach(call.headers()::add);
            call.end(request);
            return call.response().compose(response -> {
                Promise<Reply<R>> done = Promise.promise();
                Object[] last = new Object[1];
                response.handler(message -> last[0] = message);
                response.endHandler(v -> {
                    @SuppressWarnings("unchecked")
                    R message = (R) last[0];
                    done.tryComplete(new Reply<>(response.status(), response.statusMessage(), message));
                });
                response.exceptionHandler(done::tryFail);
                return done.future();
            });
        }));
    }

    @Override
    public void close() {
        await(client.close());
        await(vertx.close());
    }
}
