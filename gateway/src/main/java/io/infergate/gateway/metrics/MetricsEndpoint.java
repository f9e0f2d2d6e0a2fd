package io.infergate.gateway.metrics;

import io.infergate.engine.api.InferenceEngine;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/** {@code GET /metrics}: Triton's families from the engine's counters, then the Micrometer scrape. */
public final class MetricsEndpoint {
    public static final String PATH = "/metrics";
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsEndpoint() {
    }

    public static Router router(Vertx vertx, InferenceEngine engine, PrometheusMeterRegistry registry) {
        Router router = Router.router(vertx);
        router.get(PATH).handler(context -> context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
                .end(TritonMetricsText.render(engine.statistics(null, null)) + registry.scrape()));
        return router;
    }
}
