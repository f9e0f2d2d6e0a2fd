package io.infergate.gateway.grpc;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerResponse;

/** The one mapping from the engine's {@link Status} to gRPC status codes, and failing a call with it. */
final class GrpcErrors {
    private GrpcErrors() {
    }

    static GrpcStatus code(Status status) {
        return switch (status) {
            case INVALID_ARG -> GrpcStatus.INVALID_ARGUMENT;
            case ALREADY_EXISTS -> GrpcStatus.ALREADY_EXISTS;
            case CANCELLED -> GrpcStatus.CANCELLED;
            case UNKNOWN -> GrpcStatus.UNKNOWN;
            case NOT_FOUND -> GrpcStatus.NOT_FOUND;
            case UNAVAILABLE -> GrpcStatus.UNAVAILABLE;
            case UNSUPPORTED -> GrpcStatus.UNIMPLEMENTED;
            case INTERNAL -> GrpcStatus.INTERNAL;
        };
    }

    /** Ends the call with the failure's status and message, unless it has already ended. */
    static void fail(GrpcServerResponse<?, ?> response, Throwable failure) {
        GrpcStatus status;
        String message;
        if (failure instanceof GrpcFailure f) {
            status = f.status();
            message = f.getMessage();
        } else {
            InferenceException e = InferenceException.of(failure);
            status = code(e.status());
            message = e.getMessage();
        }
        end(response, status, message);
    }

    static void end(GrpcServerResponse<?, ?> response, GrpcStatus status, String message) {
        try {
            response.status(status).statusMessage(message == null ? status.name() : message).end();
        } catch (IllegalStateException alreadyEnded) {
            // the client went away or the call was answered: nothing left to tell
        }
    }

    /** A failure that is a gRPC status of its own, with no engine Status (limits of the transport). */
    static final class GrpcFailure extends RuntimeException {
        private final GrpcStatus status;

        GrpcFailure(GrpcStatus status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        GrpcStatus status() {
            return status;
        }
    }
}
