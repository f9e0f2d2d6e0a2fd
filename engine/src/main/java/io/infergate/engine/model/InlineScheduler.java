package io.infergate.engine.model;

import io.infergate.engine.api.InferenceResponse;
import io.vertx.core.Future;

/**
 * A scheduler that takes requests on the caller's own thread instead of through the event bus:
 * ensembles, which compute nothing themselves and only send steps on, so a hop to a context of
 * their own would add two thread switches per request and nothing else.
 */
public interface InlineScheduler {

    /**
     * Runs a prepared request; the response (null for a decoupled model, whose responses go to
     * the request's sink), or a failure with an InferenceException.
     */
    Future<InferenceResponse> handle(PreparedRequest request);
}
