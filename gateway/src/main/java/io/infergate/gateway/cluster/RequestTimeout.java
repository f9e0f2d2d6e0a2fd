package io.infergate.gateway.cluster;

import io.infergate.engine.api.InferenceRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * A request's own timeout ({@code timeout}, microseconds) on a second try: the worker that takes
 * it over gets only what is left, so that a retry never lets a request outlive what its client
 * asked for.
 */
final class RequestTimeout {
    static final String PARAMETER = "timeout";

    private RequestTimeout() {
    }

    /**
     * The request with its timeout shortened by the time since {@code admittedNanos}; itself when
     * it has no whole-number timeout (none, or one the worker will refuse); null when the time is up.
     */
    static InferenceRequest remaining(InferenceRequest request, long admittedNanos) {
        Object timeout = request.parameters().get(PARAMETER);
        if (!(timeout instanceof Long || timeout instanceof Integer) || ((Number) timeout).longValue() <= 0) {
            return request;
        }
        long left = ((Number) timeout).longValue() - (System.nanoTime() - admittedNanos) / 1_000;
        if (left <= 0) {
            return null;
        }
        Map<String, Object> parameters = new HashMap<>(request.parameters());
        parameters.put(PARAMETER, left);
        return new InferenceRequest(request.id(), request.modelName(), request.modelVersion(), request.inputs(),
                request.requestedOutputs(), parameters, request.trace());
    }
}
