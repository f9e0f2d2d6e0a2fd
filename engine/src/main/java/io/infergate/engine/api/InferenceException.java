package io.infergate.engine.api;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/** A failure with the {@link Status} a client should see and a message fit to show it. */
public class InferenceException extends RuntimeException {
    private final Status status;

    public InferenceException(Status status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public InferenceException(Status status, String message, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
    }

    public Status status() {
        return status;
    }

    public static InferenceException invalid(String message) {
        return new InferenceException(Status.INVALID_ARG, message);
    }

    public static InferenceException unknownModel(String model, String version) {
        String which = version == null || version.isEmpty()
                ? "'" + model + "'"
                : "'" + model + "' version " + version;
        return new InferenceException(Status.NOT_FOUND,
                "Request for unknown model: " + which + " is not found");
    }

    /**
     * A decoupled model (it may answer more than once) asked for one answer: UNSUPPORTED (HTTP 501,
     * gRPC UNIMPLEMENTED) in the words Triton's clients and QA tests look for.
     */
    public static InferenceException decoupledOverUnary(String model) {
        return new InferenceException(Status.UNSUPPORTED, "unary inference doesn't support models with decoupled"
                + " transaction policy: model '" + model + "' may answer more than once; use a streaming API such as"
                + " gRPC ModelStreamInfer");
    }

    /** Wraps any throwable as an InferenceException, keeping one that already is. */
    public static InferenceException of(Throwable t) {
        if (t instanceof InferenceException e) {
            return e;
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return new InferenceException(Status.INTERNAL, message, t);
    }

    /**
     * Turns the failure of an event-bus request back into the InferenceException its replier
     * failed it with ({@code message.fail(error.status().code(), error.getMessage())}): the status
     * travels as its stable {@link Status#code() code}. No handler at the address means the model
     * is not ready; any other failure is wrapped by {@link #of}.
     */
    public static InferenceException ofReply(Throwable failure, String model) {
        if (failure instanceof ReplyException reply) {
            if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE && reply.failureCode() >= 0) {
                return new InferenceException(Status.fromCode(reply.failureCode()), reply.getMessage());
            }
            if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
                return new InferenceException(Status.UNAVAILABLE, "model '" + model + "' is not ready");
            }
        }
        return of(failure);
    }
}
