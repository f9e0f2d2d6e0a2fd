package io.infergate.engine.api;

/**
 * Triton's error categories. Each maps to one HTTP status (and, in the gRPC frontend, one gRPC
 * code) so every frontend reports the same failure the same way. A status that crosses a bus or
 * the cluster travels as its {@link #code() code}, which never changes when constants are added
 * or reordered: a node of another version reads the same status.
 */
public enum Status {
    INVALID_ARG(0, 400),
    ALREADY_EXISTS(1, 400),
    CANCELLED(2, 400),
    UNKNOWN(3, 400),
    NOT_FOUND(4, 404),
    UNAVAILABLE(5, 503),
    UNSUPPORTED(6, 501),
    INTERNAL(7, 500);

    private final int code;
    private final int httpStatus;

    Status(int code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The stable number this status travels as (an event-bus failure code, a cluster header). */
    public int code() {
        return code;
    }

    /** The status with this code; INTERNAL for a code this version does not know (a newer node's). */
    public static Status fromCode(int code) {
        for (Status status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        return INTERNAL;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
