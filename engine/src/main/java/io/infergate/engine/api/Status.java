package io.infergate.engine.api;

/**
 * Triton's error categories. Each maps to one HTTP status (and, in the gRPC frontend, one gRPC
 * code) so every frontend reports the same failure the same way.
 */
public enum Status {
    INVALID_ARG(400),
    ALREADY_EXISTS(400),
    CANCELLED(400),
    UNKNOWN(400),
    NOT_FOUND(404),
    UNAVAILABLE(503),
    UNSUPPORTED(501),
    INTERNAL(500);

    private final int httpStatus;

    Status(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
