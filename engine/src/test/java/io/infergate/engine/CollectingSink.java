package io.infergate.engine;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ResponseSink;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/** Collects a stream's responses; completes with them, or fails with the request's error. */
final class CollectingSink implements ResponseSink {
    final List<InferenceResponse> responses = new ArrayList<>();
    final Promise<List<InferenceResponse>> done = Promise.promise();

    @Override
    public void response(InferenceResponse response) {
        responses.add(response);
    }

    @Override
    public void complete() {
        done.complete(responses);
    }

    @Override
    public void fail(InferenceException error) {
        done.fail(error);
    }
}
