package io.infergate.gateway.cluster;

import io.infergate.engine.LocalEngine;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.backend.BackendRegistry;
import io.infergate.gateway.config.ClusterOptions;
import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.server.MeteredVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PfxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Optional;

/**
 * One node of a cluster, in its role: a worker runs a local engine and serves it on the event
 * bus; every node runs the cluster engine, which the frontends of a gateway use and through which
 * a worker's models reach models on other workers.
 */
public final class ClusterNode {
    /** How long a leaving worker waits for the callers to acknowledge its last answers. */
    private static final long ANSWERS_TIMEOUT_MS = 10_000;
    private final ClusterMembership membership;
    private volatile ClusterEngine cluster;
    private LocalEngine local;
    private WorkerEndpoint worker;

    private ClusterNode(ClusterMembership membership) {
        this.membership = membership;
    }

    /** A metered Vert.x that has joined the cluster the options describe. */
    public static Future<MeteredVertx> join(ClusterOptions options) {
        HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastSetup.config(options));
        EventBusOptions eventBus = new EventBusOptions().setHost(options.host());
        if (options.tlsKeyStore() != null) {
            // one store holds this node's key and certificate and the CA that signed every node's
            PfxOptions store = new PfxOptions().setPath(options.tlsKeyStore().toString())
                    .setPassword(options.tlsPassword());
            eventBus.setSsl(true).setKeyCertOptions(store).setTrustOptions(store).setClientAuth(ClientAuth.REQUIRED);
        }
        return MeteredVertx.createClustered(manager, eventBus);
    }

    /** Starts this node's parts on a clustered Vert.x; a worker's models are loaded when it completes. */
    public static Future<ClusterNode> start(Vertx vertx, ServerOptions options) {
        ProtobufWireCodec.register(vertx);
        ClusterNode node = new ClusterNode(ClusterMembership.of(vertx));
        Future<Void> models = Future.succeededFuture();
        if (options.cluster().role().loadsModels()) {
            models = LocalEngine.start(vertx, options.toEngineOptions(), BackendRegistry.discover(),
                    engine -> new LocalFirstEngine(engine, () -> node.cluster))
                    .map(engine -> {
                        node.local = engine;
                        return null;
                    });
        }
        return models
                .compose(v -> ClusterEngine.start(vertx, node.membership, options.strictReadiness()))
                .compose(engine -> {
                    node.cluster = engine;
                    return node.local == null ? Future.succeededFuture()
                            : WorkerEndpoint.start(vertx, node.local, node.membership.localNodeId())
                                    .map(endpoint -> node.worker = endpoint);
                })
                .map(v -> node);
    }

    /** The engine of the frontends: the whole cluster's models. */
    public ClusterEngine engine() {
        return cluster;
    }

    /** The models this node runs itself, when it is a worker. */
    public Optional<InferenceEngine> local() {
        return Optional.ofNullable(local);
    }

    /**
     * Leaves in order: stop taking requests (callers move to other workers), finish the ones
     * running and see their answers arrive, then stop listening to the cluster.
     */
    public Future<Void> close() {
        Future<Void> stopped = worker == null ? Future.succeededFuture() : worker.stop();
        return stopped
                .eventually(() -> local == null ? Future.succeededFuture() : local.close())
                .eventually(() -> worker == null ? Future.succeededFuture() : worker.answersDelivered(ANSWERS_TIMEOUT_MS))
                .eventually(() -> cluster == null ? Future.succeededFuture() : cluster.close())
                .onComplete(v -> membership.close());
    }
}
