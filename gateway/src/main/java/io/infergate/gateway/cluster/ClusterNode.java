package io.infergate.gateway.cluster;

import io.infergate.engine.LocalEngine;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.backend.BackendRegistry;
import io.infergate.gateway.config.ClusterOptions;
import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.server.MeteredVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.web.Router;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One node of a cluster, in its role: a worker runs a local engine and serves it on the event
 * bus; every node follows the workers' states ({@link WorkerStates}), routes requests to them
 * ({@link ClusterRouter}: what the frontends of a gateway send requests to, and through which a
 * worker's models reach models on other workers) and answers about the cluster's models
 * ({@link ClusterModels}).
 */
public final class ClusterNode {
    /** How long a leaving worker waits for the callers to acknowledge its last answers. */
    private static final long ANSWERS_TIMEOUT_MS = 10_000;
    private final ClusterMembership membership;
    private WorkerStates workers;
    private volatile ClusterRouter router;
    private ClusterModels models;
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

    /** Starts this node's parts on a Vert.x that {@link #join joined}; a worker's models are loaded when it completes. */
    public static Future<ClusterNode> start(MeteredVertx metered, ServerOptions options) {
        Vertx vertx = metered.vertx();
        ProtobufWireCodec.register(vertx);
        ClusterNode node = new ClusterNode(ClusterMembership.of(vertx, (HazelcastClusterManager) metered.clusterManager()));
        Future<Void> models = Future.succeededFuture();
        if (options.cluster().role().loadsModels()) {
            models = LocalEngine.start(vertx, options.toEngineOptions(), BackendRegistry.discover(),
                    engine -> new LocalFirstEngine(engine, () -> node.router))
                    .map(engine -> {
                        node.local = engine;
                        return null;
                    });
        }
        return models
                .compose(v -> WorkerStates.start(vertx, node.membership))
                .compose(workers -> {
                    node.workers = workers;
                    node.models = new ClusterModels(vertx, node.membership, workers.view(), options.strictReadiness());
                    return ClusterRouter.start(vertx, node.membership.localNodeId(), workers);
                })
                .compose(router -> {
                    node.router = router;
                    return node.local == null ? Future.succeededFuture()
                            : WorkerEndpoint.start(vertx, node.local, node.local, node.membership.localNodeId())
                                    .map(endpoint -> node.worker = endpoint);
                })
                .map(v -> node);
    }

    /** Where the frontends send requests: to the cluster's workers. */
    public InferenceEngine inference() {
        return router;
    }

    /** What the frontends answer about models from: the whole cluster's. */
    public ModelCatalog models() {
        return models;
    }

    /** The routes a gateway's HTTP service adds: {@code GET /v2/cluster}, and a readiness that says why not. */
    public Consumer<Router> httpRoutes() {
        return ClusterRoutes.mount(membership, workers.view(), router, models);
    }

    /** This node's id in the cluster. */
    public String nodeId() {
        return membership.localNodeId();
    }

    /** The models this node runs itself, when it is a worker. */
    public Optional<ModelCatalog> local() {
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
                .eventually(this::stopListening)
                .onComplete(v -> membership.close());
    }

    private Future<Void> stopListening() {
        if (models != null) {
            models.close();
        }
        return Future.join(router == null ? Future.succeededFuture() : router.close(),
                workers == null ? Future.succeededFuture() : workers.close()).mapEmpty();
    }
}
