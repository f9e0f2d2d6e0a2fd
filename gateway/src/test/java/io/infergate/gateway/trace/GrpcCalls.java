package io.infergate.gateway.trace;

import static io.infergate.testsupport.Await.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** gRPC calls, unary and streaming, to a server on loopback, over a real HTTP/2 connection. */
final class GrpcCalls implements AutoCloseable {
    /** What a unary call answered: its status, message, and the response when OK. */
    record Reply<R>(GrpcStatus status, String message, R response) {
    }

    /** What a streaming call answered: its status, message, and every response in order. */
    record Streamed<R>(GrpcStatus status, String message, List<R> responses) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final GrpcClient client = GrpcClient.client(vertx);
    private final SocketAddress address;

    GrpcCalls(int port) {
        this.address = SocketAddress.inetSocketAddress(port, "127.0.0.1");
    }

    <Q, R> Reply<R> call(ServiceMethod<R, Q> method, Q request) {
        return call(method, request, Map.of());
    }

    /** A unary call with this metadata. */
    <Q, R> Reply<R> call(ServiceMethod<R, Q> method, Q request, Map<String, String> metadata) {
        Streamed<R> answer = stream(method, metadata, List.of(request));
        R last = answer.responses().isEmpty() ? null : answer.responses().getLast();
        return new Reply<>(answer.status(), answer.message(), last);
    }

    /** Sends the requests on one call with this metadata, half-closes, and collects every response. */
    <Q, R> Streamed<R> stream(ServiceMethod<R, Q> method, Map<String, String> metadata, List<Q> requests) {
        return await(client.request(address, method).compose(call -> {
            metadata.forEach(call.headers()::add);
            requests.forEach(call::write);
            call.end();
            return collect(call);
        }));
    }

    private <Q, R> Future<Streamed<R>> collect(GrpcClientRequest<Q, R> call) {
        return call.response().compose(response -> {
            Promise<Streamed<R>> done = Promise.promise();
            List<R> messages = new ArrayList<>();
            response.handler(messages::add);
            response.endHandler(v -> done.tryComplete(new Streamed<>(response.status(), response.statusMessage(),
                    messages)));
            response.exceptionHandler(done::tryFail);
            return done.future();
        });
    }

    @Override
    public void close() {
        await(client.close());
        await(vertx.close());
    }
}
