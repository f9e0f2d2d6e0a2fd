package io.infergate.gateway.metrics;

import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.metrics.CustomMetrics;
import io.infergate.gateway.config.MetricsOptions;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * {@code GET /metrics}: Triton's families from the engine's counters, the models' custom metrics,
 * then the Micrometer scrape.
 */
public final class MetricsEndpoint {
    public static final String PATH = "/metrics";
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsEndpoint() {
    }

    public static Router router(Vertx vertx, ModelCatalog models, PrometheusMeterRegistry registry,
            MetricsOptions options, CpuSampler cpu) {
        Router router = Router.router(vertx);
        router.get(PATH).handler(context -> {
            StringBuilder text = new StringBuilder(TritonMetricsText.render(models.statistics(null, null), options));
            CpuSampler.render(text, cpu.latest());
            CustomMetricsText.render(text, CustomMetrics.shared());
            context.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE).end(text.append(registry.scrape())
                    .toString());
        });
        return router;
    }
}
