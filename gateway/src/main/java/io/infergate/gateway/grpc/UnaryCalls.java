package io.infergate.gateway.grpc;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.infergate.engine.api.Cancellation;
import io.infergate.gateway.grpc.GrpcErrors.GrpcFailure;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Binds unary RPCs: one frame is read under the limits, handed to the handler with a
 * {@link Cancellation} that fires when the client cancels or goes away, and the answer (or error)
 * sent with the call's compression, within the message size limit.
 */
final class UnaryCalls {
    private final GrpcServer server;
    private final BoundedMessages messages;
    private final long maxMessageSize;

    UnaryCalls(GrpcServer server, long maxMessageSize) {
        this.server = server;
        this.messages = new BoundedMessages(maxMessageSize);
        this.maxMessageSize = maxMessageSize;
    }

    /** An RPC that answers from the request alone. */
    <Q, R extends MessageLite> void bind(ServiceMethod<Q, R> method, Parser<Q> parser, Function<Q, R> handler) {
        bindAsync(method, parser, (request, cancellation) -> Future.succeededFuture(handler.apply(request)));
    }

    /** An RPC whose answer comes later, and that its client may withdraw. */
    <Q, R extends MessageLite> void bindAsync(ServiceMethod<Q, R> method, Parser<Q> parser,
            BiFunction<Q, Cancellation, Future<R>> handler) {
        server.callHandler(method, call -> {
            Cancellation cancellation = Cancellation.create();
            call.exceptionHandler(e -> cancellation.cancel());
            call.errorHandler(e -> cancellation.cancel());
            call.messageHandler(frame -> {
                Future<R> answer;
                try {
                    answer = handler.apply(messages.parse(frame, parser), cancellation);
                } catch (RuntimeException e) {
                    answer = Future.failedFuture(e);
                }
                answer.onSuccess(response -> send(call, response))
                        .onFailure(failure -> GrpcErrors.fail(call.response(), failure));
            });
        });
    }

    private <R extends MessageLite> void send(GrpcServerRequest<?, R> call, R response) {
        if (response.getSerializedSize() > maxMessageSize) {
            GrpcErrors.fail(call.response(), new GrpcFailure(GrpcStatus.RESOURCE_EXHAUSTED, "response of "
                    + response.getSerializedSize() + " bytes is larger than the limit of " + maxMessageSize
                    + " bytes (--grpc-max-message-size)"));
            return;
        }
        Compression.choose(call).end(call.response(), response).onFailure(e -> { });
    }
}
