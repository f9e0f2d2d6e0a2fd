package io.infergate.engine.scheduler;

import io.infergate.engine.api.ConcurrentSink;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * The answer to a request that awaits one response: the instance thread that computed it hands
 * it over, and the future completes on the caller's context, as an event-bus reply would.
 */
final class CallerReply implements ConcurrentSink {
    private final Context context;
    private final Promise<InferenceResponse> answer = Promise.promise();
    // set and read by the one thread that answers (response, then complete)
    private InferenceResponse response;

    CallerReply(Context context) {
        this.context = context;
    }

    Future<InferenceResponse> future() {
        return answer.future();
    }

    @Override
    public void response(InferenceResponse response) {
        this.response = response;
    }

    @Override
    public void complete() {
        InferenceResponse result = response;
        context.runOnContext(v -> answer.complete(result));
    }

    @Override
    public void fail(InferenceException error) {
        context.runOnContext(v -> answer.fail(error));
    }
}
