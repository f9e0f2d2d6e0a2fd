package io.infergate.engine.api;

import io.vertx.core.Context;

/**
 * Delivers a sink's calls on the context that started the request, in the order they were
 * made, whichever thread the model sends from: frontends then never need locks. A
 * {@link PacedSink} is asked first, on the sending thread.
 */
public final class ContextBoundSink implements ResponseSink {
    private final Context context;
    private final ResponseSink target;

    public ContextBoundSink(Context context, ResponseSink target) {
        this.context = context;
        this.target = target;
    }

    @Override
    public void response(InferenceResponse response) {
        if (target instanceof PacedSink paced) {
            paced.admit(!Context.isOnEventLoopThread());
        }
        context.runOnContext(v -> target.response(response));
    }

    @Override
    public void complete() {
        context.runOnContext(v -> target.complete());
    }

    @Override
    public void fail(InferenceException error) {
        context.runOnContext(v -> target.fail(error));
    }
}
