package io.infergate.gateway.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.UUID;

/**
 * A Vert.x instance whose HTTP, gRPC, event-bus and pool meters, and the JVM's, go to a Prometheus registry.
 *
 * @param vertx    the instance
 * @param registry where its meters are; scraped by the metrics endpoint
 */
public record MeteredVertx(Vertx vertx, PrometheusMeterRegistry registry) {

    public static MeteredVertx create() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                // the route tells HTTP endpoints and gRPC methods apart; bounded by the route table
                .addLabels(Label.HTTP_ROUTE)
                // Vert.x keeps registries by name; a unique one keeps servers in one JVM apart.
                .setRegistryName("infergate-" + UUID.randomUUID());
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(metrics))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        return new MeteredVertx(vertx, registry);
    }
}
