package io.infergate.gateway.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.UUID;

/**
 * A Vert.x instance whose HTTP, gRPC and pool meters, and the JVM's, go to a Prometheus registry.
 *
 * @param vertx          the instance
 * @param registry       where its meters are; scraped by the metrics endpoint
 * @param clusterManager the manager through which it joined a cluster; null when not clustered
 */
public record MeteredVertx(Vertx vertx, PrometheusMeterRegistry registry, ClusterManager clusterManager) {

    public static MeteredVertx create() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return new MeteredVertx(builder(registry, new VertxOptions()).build(), registry, null);
    }

    /** A Vert.x that joins a cluster through the manager, its event bus set up by the options. */
    public static Future<MeteredVertx> createClustered(ClusterManager manager, EventBusOptions eventBus) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return builder(registry, new VertxOptions().setEventBusOptions(eventBus))
                .withClusterManager(manager)
                .buildClustered()
                .map(vertx -> new MeteredVertx(vertx, registry, manager));
    }

    private static VertxBuilder builder(PrometheusMeterRegistry registry, VertxOptions options) {
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                // the route tells HTTP endpoints and gRPC methods apart; bounded by the route table
                .addLabels(Label.HTTP_ROUTE)
                // Vert.x's event-bus meters look a counter up in the registry for every message (two
                // per inference, about 5% of the server's CPU under load); nv_inference_* count requests
                .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
                // Vert.x keeps registries by name; a unique one keeps servers in one JVM apart.
                .setRegistryName("infergate-" + UUID.randomUUID());
        return Vertx.builder()
                .with(options.setMetricsOptions(metrics))
                .withMetrics(new MicrometerMetricsFactory(registry));
    }
}
