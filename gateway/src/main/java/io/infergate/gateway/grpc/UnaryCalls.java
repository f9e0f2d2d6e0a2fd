package io.infergate.gateway.grpc;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.infergate.engine.api.Cancellation;
import io.infergate.engine.trace.RequestTrace;
import io.infergate.engine.trace.TracePoint;
import io.infergate.gateway.grpc.GrpcErrors.GrpcFailure;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Binds unary RPCs: one frame is read under the limits, handed to the handler with a
 * {@link Cancellation} that fires when the client cancels or goes away, and the answer (or error)
 * sent with the call's compression, within the message size limit. A traced request's trace
 * ends once its answer is sent.
 */
final class UnaryCalls {
    /** The W3C trace context metadata: a traced request continues the client's trace (OpenTelemetry mode). */
    static final String TRACEPARENT = "traceparent";
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
        bindTraced(method, parser, () -> false,
                (request, cancellation, arrivedNanos, traceparent) -> new Traced<>(handler.apply(request, cancellation),
                        null));
    }

    /** A traced RPC's answer and the request's trace (null when it is not traced). */
    record Traced<R>(Future<R> answer, RequestTrace trace) {
    }

    /** Answers a traced RPC. */
    interface TracedHandler<Q, R> {
        /**
         * @param arrivedNanos when the call arrived ({@link System#nanoTime()}), read only while
         *                     tracing is on; 0 otherwise
         * @param traceparent  the call's W3C trace context metadata, read only while tracing is on
         */
        Traced<R> apply(Q request, Cancellation cancellation, long arrivedNanos, String traceparent);
    }

    /**
     * An RPC whose answer comes later, that its client may withdraw, and whose request may be
     * traced: the call marks the sending of a traced answer and then ends its trace.
     *
     * @param tracing whether anything is traced now (the arrival time is read only then)
     */
    <Q, R extends MessageLite> void bindTraced(ServiceMethod<Q, R> method, Parser<Q> parser, BooleanSupplier tracing,
            TracedHandler<Q, R> handler) {
        server.callHandler(method, call -> {
            long arrivedNanos = tracing.getAsBoolean() ? System.nanoTime() : 0;
            String traceparent = arrivedNanos == 0 ? null : call.headers().get(TRACEPARENT);
            Cancellation cancellation = Cancellation.create();
            call.exceptionHandler(e -> cancellation.cancel());
            call.errorHandler(e -> cancellation.cancel());
            call.messageHandler(frame -> {
                Traced<R> traced;
                try {
                    traced = handler.apply(messages.parse(frame, parser), cancellation, arrivedNanos, traceparent);
                } catch (RuntimeException e) {
                    traced = new Traced<>(Future.failedFuture(e), null);
                }
                RequestTrace trace = traced.trace();
                traced.answer().onSuccess(response -> send(call, response, trace))
                        .onFailure(failure -> {
                            GrpcErrors.fail(call.response(), failure);
                            if (trace != null) {
                                trace.end();
                            }
                        });
            });
        });
    }

    private <R extends MessageLite> void send(GrpcServerRequest<?, R> call, R response, RequestTrace trace) {
        if (response.getSerializedSize() > maxMessageSize) {
            GrpcErrors.fail(call.response(), new GrpcFailure(GrpcStatus.RESOURCE_EXHAUSTED, "response of "
                    + response.getSerializedSize() + " bytes is larger than the limit of " + maxMessageSize
                    + " bytes (--grpc-max-message-size)"));
            if (trace != null) {
                trace.end();
            }
            return;
        }
        if (trace == null) {
            Compression.choose(call).end(call.response(), response).onFailure(e -> { });
            return;
        }
        trace.record(TracePoint.GRPC_SEND_START, System.nanoTime());
        Compression.choose(call).end(call.response(), response).onComplete(sent -> {
            trace.record(TracePoint.GRPC_SEND_END, System.nanoTime());
            trace.end();
        });
    }
}
