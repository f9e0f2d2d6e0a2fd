package io.infergate.gateway.grpc;

import static io.infergate.testsupport.Await.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.util.ArrayList;
import java.util.List;

/** A vertx-grpc client that reports every call as its status, status message and messages received. */
final class GrpcTestClient {
    /** What a call answered. */
    record Reply<R>(GrpcStatus status, String message, List<R> messages) {
        R single() {
            if (status != GrpcStatus.OK || messages.size() != 1) {
                throw new AssertionError("expected one message and OK, got " + status + " '" + message + "' with "
                        + messages.size() + " messages");
            }
            return messages.get(0);
        }
    }

    private final GrpcClient client;
    private final SocketAddress address;

    GrpcTestClient(Vertx vertx, int port) {
        this.client = GrpcClient.client(vertx);
        this.address = SocketAddress.inetSocketAddress(port, "127.0.0.1");
    }

    GrpcClient client() {
        return client;
    }

    SocketAddress address() {
        return address;
    }

    /** Sends the requests on one call (unary or streaming), half-closes, and collects the answer. */
    @SafeVarargs
    final <Q, R> Reply<R> call(ServiceMethod<R, Q> method, List<String> headers, Q... requests) {
        return await(client.request(address, method).compose(request -> {
            for (int i = 0; i < headers.size(); i += 2) {
                request.headers().add(headers.get(i), headers.get(i + 1));
            }
            for (Q q : requests) {
                request.write(q);
            }
            request.end();
            return collect(request);
        }));
    }

    <Q, R> Reply<R> call(ServiceMethod<R, Q> method, Q request) {
        return call(method, List.of(), request);
    }

    /** Sends frames as given (any encoding, any bytes) on a call to the named method. */
    Reply<Buffer> raw(String fullMethodName, GrpcMessage... frames) {
        return await(client.request(address).compose(request -> {
            request.fullMethodName(fullMethodName);
            for (GrpcMessage frame : frames) {
                request.encoding(frame.encoding());
                request.writeMessage(frame);
            }
            request.end();
            return collect(request);
        }));
    }

    static <Q, R> Future<Reply<R>> collect(GrpcClientRequest<Q, R> request) {
        return request.response().compose(response -> {
            Promise<Reply<R>> done = Promise.promise();
            List<R> messages = new ArrayList<>();
            response.handler(messages::add);
            response.endHandler(v -> done.tryComplete(new Reply<>(response.status(), response.statusMessage(),
                    messages)));
            response.exceptionHandler(done::tryFail);
            return done.future();
        });
    }

    void close() {
        await(client.close());
    }
}
