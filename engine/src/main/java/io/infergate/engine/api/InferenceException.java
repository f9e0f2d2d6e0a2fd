package io.infergate.engine.api;

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

    /** A decoupled model (it may answer more than once) asked for one answer. */
    public static InferenceException decoupledOverUnary(String model) {
        return invalid("model '" + model + "' is decoupled (it may answer more than once): use a streaming API such as"
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
}
