package io.infergate.gateway.http;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ResponseSink;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * {@code generate}'s answer: the request's one response. Like Triton, a decoupled model is
 * accepted as long as it answers exactly once; more or fewer responses are an error that points
 * the client to {@code generate_stream}.
 */
final class SingleResponse implements ResponseSink {
    private final Promise<InferenceResponse> result = Promise.promise();
    private InferenceResponse first;
    private int count;

    Future<InferenceResponse> future() {
        return result.future();
    }

    @Override
    public void response(InferenceResponse response) {
        if (count++ == 0) {
            first = response;
        }
    }

    @Override
    public void complete() {
        if (count == 1) {
            result.tryComplete(first);
        } else {
            // Triton's words
            result.tryFail(InferenceException.invalid("generate expects model to produce exactly 1 response, "
                    + "use generate stream for model that generates various number of responses (got " + count + ")"));
        }
    }

    @Override
    public void fail(InferenceException error) {
        result.tryFail(error);
    }
}
