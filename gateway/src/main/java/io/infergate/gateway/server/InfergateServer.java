package io.infergate.gateway.server;

import io.infergate.engine.LocalEngine;
import io.infergate.engine.SystemSharedMemory;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.SharedMemoryRegions;
import io.infergate.gateway.cluster.ClusterNode;
import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.grpc.GrpcFrontend;
import io.infergate.gateway.grpc.GrpcSettings;
import io.infergate.gateway.http.HttpFrontend;
import io.infergate.gateway.http.HttpSettings;
import io.infergate.gateway.logging.ServerLog;
import io.infergate.gateway.metrics.CpuSampler;
import io.infergate.gateway.metrics.MetricsEndpoint;
import io.infergate.gateway.security.CertificateReload;
import io.infergate.gateway.trace.Tracing;
import io.infergate.gateway.security.ServerTls;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.logging.Logger;

/**
 * A running server: the engine, the HTTP and gRPC frontends and the metrics endpoint on one metered Vert.x.
 * Start-up either completes fully or releases everything it had started and fails.
 */
public final class InfergateServer {
    private static final Logger LOG = Logger.getLogger(InfergateServer.class.getName());
    private static final String UNAVAILABLE = "UNAVAILABLE";
    /** Reported by GET /v2 as the server version. */
    public static final String SERVER_VERSION = "0.1.0";

    private final MeteredVertx metered;
    private final ServerOptions options;
    /** Where the frontends send requests: this node's engine, or the cluster's router. */
    private InferenceEngine inference;
    /** What the frontends answer about models from: this node's, or the cluster's. */
    private ModelCatalog models;
    /** Routes the HTTP service adds (the cluster's). */
    private Consumer<Router> extraRoutes = router -> { };
    /** This node's id when it is part of a cluster. */
    private String clusterNodeId;
    /** The models loaded in this process (none on a gateway). */
    private ModelCatalog localModels;
    /** The system shared-memory regions clients registered with this node. */
    private SharedMemoryRegions sharedMemory;
    private Supplier<Future<Void>> closeEngine = Future::succeededFuture;
    private HttpServer httpServer;
    private HttpServer grpcServer;
    private HttpServer metricsServer;
    private CpuSampler cpuSampler;
    private final List<CertificateReload> certificateReloads = new ArrayList<>();
    /** The trace settings both frontends read and change, and the requests they trace. */
    private final Tracing tracing;

    private InfergateServer(MeteredVertx metered, ServerOptions options) {
        this.metered = metered;
        this.options = options;
        this.tracing = options.trace().tracing();
    }

    /** Starts a server on a Vert.x of its own, clustered when the options say so. */
    public static Future<InfergateServer> start(ServerOptions options) {
        if (options.cluster().enabled()) {
            return ClusterNode.join(options.cluster()).compose(metered -> start(metered, options));
        }
        return start(MeteredVertx.create(), options);
    }

    /**
     * Starts a server on the given Vert.x, which it then owns: {@link #close()} closes it, and so
     * does a failed start-up. Fails with {@link UnavailableModelsException} when a model did not
     * load and exit-on-error is set.
     */
    public static Future<InfergateServer> start(MeteredVertx metered, ServerOptions options) {
        InfergateServer server = new InfergateServer(metered, options);
        // A promise bound to no context: its listeners still run once Vert.x is closed.
        Promise<InfergateServer> started = Promise.promise();
        server.startParts().onComplete(result -> {
            if (result.succeeded()) {
                started.complete(server);
            } else {
                server.close().onComplete(closed -> started.fail(result.cause()));
            }
        });
        return started.future();
    }

    private Future<Void> startParts() {
        Vertx vertx = metered.vertx();
        try {
            ServerLog.process().configure(options.log().startup(), options.log().allowedFolder());
        } catch (UncheckedIOException e) {
            return Future.failedFuture(e);
        }
        boolean frontends = options.cluster().role().servesFrontends();
        return startEngine()
                .compose(v -> checkModels())
                .compose(v -> frontends && options.allowHttp() ? listenHttp(vertx) : Future.succeededFuture())
                .compose(v -> frontends && options.grpc().allow() ? listenGrpc(vertx) : Future.succeededFuture())
                .compose(v -> frontends && options.allowMetrics() ? listenMetrics(vertx) : Future.succeededFuture())
                .onSuccess(v -> watchCertificates());
    }

    /** Reloads each service's TLS files when they change; the metrics port follows the HTTP port's. */
    private void watchCertificates() {
        int interval = options.security().reloadIntervalMs();
        if (interval == 0) {
            return;
        }
        List<HttpServer> httpServers = Stream.of(httpServer, metricsServer).filter(Objects::nonNull).toList();
        options.security().httpTls().filter(tls -> !httpServers.isEmpty()).ifPresent(tls ->
                certificateReloads.add(CertificateReload.start(metered.vertx(), tls, httpServers, interval)));
        options.security().grpcTls().filter(tls -> grpcServer != null).ifPresent(tls ->
                certificateReloads.add(CertificateReload.start(metered.vertx(), tls, List.of(grpcServer), interval)));
    }

    private Future<Void> startEngine() {
        if (!options.cluster().enabled()) {
            sharedMemory = SystemSharedMemory.create(options.allowClientShm());
            return LocalEngine.start(metered.vertx(), options.toEngineOptions()).map(started -> {
                inference = started;
                models = started;
                localModels = started;
                closeEngine = started::close;
                return null;
            });
        }
        return ClusterNode.start(metered, options).map(node -> {
            inference = node.inference();
            models = node.models();
            extraRoutes = node.httpRoutes();
            clusterNodeId = node.nodeId();
            // a region lives on the node that registered it; a request reaching another node is told so
            sharedMemory = SystemSharedMemory.forClusterNode(options.allowClientShm(), clusterNodeId);
            localModels = node.local().orElse(null);
            closeEngine = node::close;
            return null;
        });
    }

    private Future<Void> listenHttp(Vertx vertx) {
        HttpSettings settings = new HttpSettings(options.serverName(), SERVER_VERSION, options.httpMaxInputSize(),
                options.security().httpTls(), options.security().httpRestricted(), tracing);
        return HttpFrontend.listen(vertx, inference, models, sharedMemory, settings, options.httpAddress(),
                options.httpPort(), extraRoutes)
                .map(server -> {
                    httpServer = server;
                    return null;
                });
    }

    private Future<Void> listenGrpc(Vertx vertx) {
        GrpcSettings settings = new GrpcSettings(options.serverName(), SERVER_VERSION, options.grpc(),
                options.security().grpcTls(), options.security().grpcRestricted(), tracing);
        return GrpcFrontend.listen(vertx, inference, models, sharedMemory, settings, options.grpc().address(),
                options.grpcPort())
                .map(server -> {
                    grpcServer = server;
                    return null;
                });
    }

    /**
     * With --exit-on-error, fails when a repository could not be listed (a folder that is gone, a
     * bucket that is unreachable) or a model this process loaded is unavailable.
     */
    private Future<Void> checkModels() {
        if (!options.exitOnError() || localModels == null) {
            return Future.succeededFuture();
        }
        return localModels.repositoryIndex(false).compose(listed -> unavailableModels());
    }

    private Future<Void> unavailableModels() {
        List<ModelIndexEntry> models = localModels();
        List<String> unavailable = models.stream()
                .filter(model -> UNAVAILABLE.equals(model.state()))
                .map(model -> model.version().isEmpty() ? model.name() : model.name() + " version " + model.version())
                .toList();
        if (!unavailable.isEmpty()) {
            return Future.failedFuture(new UnavailableModelsException(models, unavailable));
        }
        return Future.succeededFuture();
    }

    private Future<Void> listenMetrics(Vertx vertx) {
        cpuSampler = new CpuSampler(vertx);
        cpuSampler.start(options.metrics().intervalMs());
        HttpServerOptions http = new HttpServerOptions();
        // the metrics port serves with the HTTP port's TLS: scrapes carry the server's numbers
        options.security().httpTls().ifPresent(tls -> ServerTls.apply(http, tls));
        return vertx.createHttpServer(http)
                .requestHandler(MetricsEndpoint.router(vertx, models, metered.registry(), options.metrics(), cpuSampler))
                .listen(options.metricsPort(), options.httpAddress())
                .map(server -> {
                    metricsServer = server;
                    return null;
                });
    }

    /** The HTTP port actually bound (useful with port 0), or -1 when HTTP is not served. */
    public int httpPort() {
        return httpServer == null ? -1 : httpServer.actualPort();
    }

    /** The gRPC port actually bound (useful with port 0), or -1 when gRPC is not served. */
    public int grpcPort() {
        return grpcServer == null ? -1 : grpcServer.actualPort();
    }

    /** The metrics port actually bound, or -1 when metrics are not served. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.actualPort();
    }

    /** Where the frontends send requests (the cluster's router on a clustered node). */
    public InferenceEngine inference() {
        return inference;
    }

    /** What the frontends answer about models from (the whole cluster's on a clustered node). */
    public ModelCatalog models() {
        return models;
    }

    /** This node's id in the cluster; empty when not clustered. */
    public Optional<String> clusterNodeId() {
        return Optional.ofNullable(clusterNodeId);
    }

    /**
     * The models this process loaded itself or tried to (the start-up table's rows: not the
     * repository models it never loaded); empty on a gateway.
     */
    public List<ModelIndexEntry> localModels() {
        return localModels == null ? List.of()
                : localModels.index(false).stream().filter(model -> !model.state().isEmpty()).toList();
    }

    public ServerOptions options() {
        return options;
    }

    /** Stops accepting connections, unloads the models (draining in-flight work), then closes Vert.x. */
    public Future<Void> close() {
        // Bound to no context, so callers hear of the end after Vert.x's event loops are gone.
        Promise<Void> closed = Promise.promise();
        if (cpuSampler != null) {
            cpuSampler.stop();
        }
        certificateReloads.forEach(CertificateReload::stop);
        // drain first, with the frontends still open, so in-flight requests get their answers
        Future<Void> drained = closeEngine.get();
        drained.eventually(() -> Future.join(closeServer(httpServer), closeServer(grpcServer), closeServer(metricsServer)))
                .onComplete(parts -> {
                    if (parts.failed()) {
                        LOG.warning("shutdown: " + parts.cause().getMessage());
                    }
                    if (sharedMemory != null) {
                        // the frontends are closed: unmap every region clients left registered
                        sharedMemory.unregisterAll();
                    }
                    // every request is answered: write out the traces still collected
                    tracing.close();
                    metered.vertx().close().onComplete(closed);
                });
        return closed.future();
    }

    private static Future<Void> closeServer(HttpServer server) {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
