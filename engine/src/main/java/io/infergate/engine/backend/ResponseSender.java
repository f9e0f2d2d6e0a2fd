package io.infergate.engine.backend;

import io.infergate.engine.tensor.Tensor;
import java.util.List;

/**
 * How a decoupled model answers: any number of responses, from any thread, then the final flag
 * or an error. Sending after the final flag is an error.
 */
public interface ResponseSender {

    /** Sends one response with these outputs; {@code last} also marks it final. */
    void send(List<Tensor> outputs, boolean last);

    /** Marks the request finished without another response. */
    void finish();

    /**
     * Ends the request with an error, at any time (also after execute returned); ignored once the
     * final flag has been sent.
     */
    void fail(Throwable cause);

    /**
     * Asks for the request to be executed again, in a later execution, once the current one
     * returns (Triton's request rescheduling); the responses already sent stay sent.
     *
     * @throws IllegalStateException once the final flag has been sent
     * @throws UnsupportedOperationException where the scheduler does not reschedule requests
     */
    default void reschedule() {
        throw new UnsupportedOperationException("this model's scheduler does not reschedule requests");
    }

    /** Whether the final flag has been sent. */
    boolean isFinished();
}
