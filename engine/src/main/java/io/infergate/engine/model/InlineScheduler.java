package io.infergate.engine.model;

import io.infergate.engine.api.InferenceResponse;
import io.vertx.core.Future;

/**
 * A scheduler that takes requests on the caller's own thread instead of through the event bus,
 * because a hop to a context of its own would add thread switches and nothing else: the plain
 * model scheduler (its queue is guarded by a lock and instance threads answer), and ensembles
 * (which compute nothing themselves and only send steps on).
 */
public interface InlineScheduler {

    /**
     * Runs a prepared request; the response, or a failure with an InferenceException. Null when
     * the answers go to the request's sink: always for a decoupled model, and for any request with
     * a sink to a version that {@link LoadedVersion#answersIntoSinks() answers into sinks}.
     */
    Future<InferenceResponse> handle(PreparedRequest request);
}
