package io.infergate.engine.backend;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.trace.RequestTrace;
import java.util.Map;

/**
 * What a backend may know about one client request of an execution, besides its tensors: for
 * backends that expose requests to model code (the Python backend's {@code request.request_id()},
 * {@code parameters()}, {@code correlation_id()}, {@code is_cancelled()}).
 *
 * @param id            the client's request id ("" when none)
 * @param parameters    the request's parameters as the client sent them
 * @param timeoutMicros the request's effective timeout in microseconds (0 = none)
 * @param deadlineNanos when that timeout expires ({@link System#nanoTime()} scale); meaningless when the timeout is 0
 * @param cancellation  the client's withdrawal (connection closed, gRPC cancel)
 * @param trace         the request's trace when it is traced, else null: requests the model makes
 *                      for it (Python BLS) may be traced as its children
 */
public record RequestDetails(String id, Map<String, Object> parameters, long timeoutMicros, long deadlineNanos,
        Cancellation cancellation, RequestTrace trace) {
    private static final String SEQUENCE_ID = "sequence_id";

    /** The details of a request received at {@code receivedNanos} with this effective timeout. */
    public static RequestDetails of(String id, Map<String, Object> parameters, long receivedNanos,
            long timeoutMicros, Cancellation cancellation, RequestTrace trace) {
        return new RequestDetails(id, parameters, timeoutMicros, receivedNanos + timeoutMicros * 1000, cancellation,
                trace);
    }

    /** The trace of a request the model makes for this one: this one's child, or null when this one is not traced. */
    public RequestTrace childTrace() {
        return trace == null ? null : trace.child();
    }

    /**
     * The sequence's correlation id as the client sent it: an unsigned 64-bit number (a Long
     * read unsigned, or a BigInteger) or a String; 0 when the request belongs to no sequence.
     */
    public Object correlationId() {
        Object id = parameters.get(SEQUENCE_ID);
        return id instanceof Number || id instanceof String ? id : 0L;
    }

    /** True once the client has withdrawn the request or its timeout has expired. */
    public boolean isCancelled() {
        return cancellation.isCancelled() || timeoutMicros > 0 && System.nanoTime() - deadlineNanos >= 0;
    }
}
