package io.infergate.engine.model;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.backend.RequestDetails;
import io.infergate.engine.tensor.Tensor;
import java.util.List;
import java.util.Set;

/**
 * A request checked against its model and turned into what the backend runs.
 *
 * @param request       the client's request
 * @param backendInputs inputs with input reshape applied, in config order
 * @param outputNames   outputs the backend must produce
 * @param batchSize     the batch dimension (1 for models that do not batch)
 * @param receivedNanos when the engine accepted it ({@link System#nanoTime()})
 * @param priority      the request's priority parameter (0 = the model's default)
 * @param timeoutMicros the request's timeout parameter in microseconds (0 = none)
 * @param cancellation  lets the client withdraw it
 * @param sink          where a decoupled model's responses go, or any model's answer where the caller
 *                      waits on a {@link io.infergate.engine.api.ConcurrentSink}; null for a request
 *                      answered by reply (the plain model scheduler gives those a sink of its own
 *                      that completes the caller's future).
 */
public record PreparedRequest(InferenceRequest request, List<Tensor> backendInputs, Set<String> outputNames,
        int batchSize, long receivedNanos, long priority, long timeoutMicros, Cancellation cancellation,
        ResponseSink sink) {

    /** The same request, withdrawable through a cancellation and answered through a sink (or null). */
    public PreparedRequest with(Cancellation withdrawal, ResponseSink target) {
        return new PreparedRequest(request, backendInputs, outputNames, batchSize, receivedNanos, priority,
                timeoutMicros, withdrawal, target);
    }

    /** What a backend learns about this request, given the timeout the scheduler applies (0 = none). */
    public RequestDetails details(long effectiveTimeoutMicros) {
        return RequestDetails.of(request.id(), request.parameters(), receivedNanos, effectiveTimeoutMicros,
                cancellation, request.trace());
    }
}
