package io.infergate.gateway.http;

import io.infergate.engine.SystemSharedMemory;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.SharedMemoryRegions;
import io.infergate.gateway.logging.ServerLog;
import io.infergate.gateway.security.ServerTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/**
 * The KServe v2 HTTP/REST frontend with Triton's extensions. Everything runs on the event loop:
 * bodies are read with counting, decoded, handed to the engine, and answered when its future
 * completes. No body handler is installed: each handler reads its body under the size limit.
 */
public final class HttpFrontend {
    private HttpFrontend() {
    }

    /** The routes of the frontend without client shared memory, ready to mount on an HTTP server. */
    public static Router router(Vertx vertx, InferenceEngine inference, ModelCatalog catalog, HttpSettings settings) {
        return router(vertx, inference, catalog, SystemSharedMemory.create(false), settings);
    }

    /** The routes of the frontend with this node's shared-memory regions, ready to mount on an HTTP server. */
    public static Router router(Vertx vertx, InferenceEngine inference, ModelCatalog catalog,
            SharedMemoryRegions sharedMemory, HttpSettings settings) {
        Router router = Router.router(vertx);
        ModelHandlers models = new ModelHandlers(catalog, settings, sharedMemory.enabled());
        InferHandler infer = new InferHandler(inference, catalog, sharedMemory, settings.maxInputSize(),
                settings.tracing());
        GenerateHandler generate = new GenerateHandler(inference, catalog, settings.maxInputSize(),
                settings.tracing());
        RepositoryHandlers repository = new RepositoryHandlers(catalog, settings.maxInputSize());
        SharedMemoryHandlers regions = new SharedMemoryHandlers(sharedMemory, settings.maxInputSize());
        LoggingHandlers logging = new LoggingHandlers(ServerLog.process(), settings.maxInputSize());
        TraceHandlers trace = new TraceHandlers(settings.tracing(), catalog, settings.maxInputSize());

        RestrictedRoutes.install(router, settings.restricted());
        router.get("/v2/health/live").handler(models::live);
        router.get("/v2/health/ready").handler(models::ready);
        router.get("/v2").handler(models::server);
        router.get("/v2/").handler(models::server);

        // Before /v2/models/:m, which would otherwise take "stats" for a model name.
        router.get("/v2/models/stats").handler(models::statistics);
        for (String base : new String[] {"/v2/models/:m", "/v2/models/:m/versions/:v"}) {
            router.get(base).handler(models::metadata);
            router.get(base + "/ready").handler(models::modelReady);
            router.get(base + "/config").handler(models::config);
            router.get(base + "/stats").handler(models::statistics);
            router.post(base + "/infer").handler(infer::handle);
            router.post(base + "/generate").handler(generate::generate);
            router.post(base + "/generate_stream").handler(generate::generateStream);
        }

        router.post("/v2/repository/index").handler(repository::index);
        router.post("/v2/repository/models/:m/load").handler(repository::load);
        router.post("/v2/repository/models/:m/unload").handler(repository::unload);

        for (String base : new String[] {"/v2/systemsharedmemory", "/v2/systemsharedmemory/region/:r"}) {
            router.get(base + "/status").handler(regions::status);
            router.post(base + "/unregister").handler(regions::unregister);
        }
        router.post("/v2/systemsharedmemory/region/:r/register").handler(regions::register);
        for (String base : new String[] {"/v2/cudasharedmemory", "/v2/cudasharedmemory/region/:r"}) {
            router.get(base + "/status").handler(CudaSharedMemoryHandlers::status);
            router.post(base + "/unregister").handler(CudaSharedMemoryHandlers::unregister);
        }
        router.post("/v2/cudasharedmemory/region/:r/register").handler(CudaSharedMemoryHandlers::register);

        router.get("/v2/logging").handler(logging::get);
        router.post("/v2/logging").handler(logging::post);
        for (String path : new String[] {"/v2/trace/setting", "/v2/models/:m/trace/setting"}) {
            router.get(path).handler(trace::get);
            router.post(path).handler(trace::post);
        }

        router.errorHandler(404, ctx -> ErrorResponses.send(ctx.request(), 404,
                "no endpoint " + ctx.request().method() + " " + ctx.request().path()));
        router.errorHandler(405, ctx -> ErrorResponses.send(ctx.request(), 405,
                "method " + ctx.request().method() + " not allowed on " + ctx.request().path()));
        router.errorHandler(500, HttpFrontend::internalError);
        return router;
    }

    /** Starts an HTTP server with the frontend's routes; port 0 picks a free port. */
    public static Future<HttpServer> listen(Vertx vertx, InferenceEngine inference, ModelCatalog catalog,
            HttpSettings settings, String host, int port) {
        return listen(vertx, inference, catalog, settings, host, port, router -> { });
    }

    /** Starts an HTTP server with the frontend's routes and the ones {@code extraRoutes} adds. */
    public static Future<HttpServer> listen(Vertx vertx, InferenceEngine inference, ModelCatalog catalog,
            HttpSettings settings, String host, int port, Consumer<Router> extraRoutes) {
        return listen(vertx, inference, catalog, SystemSharedMemory.create(false), settings, host, port, extraRoutes);
    }

    /** Starts an HTTP server with the frontend's routes over these shared-memory regions, and {@code extraRoutes}. */
    public static Future<HttpServer> listen(Vertx vertx, InferenceEngine inference, ModelCatalog catalog,
            SharedMemoryRegions sharedMemory, HttpSettings settings, String host, int port,
            Consumer<Router> extraRoutes) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                // curl and others wait for 100-continue before sending large bodies.
                .setHandle100ContinueAutomatically(true)
                // The frontend compresses and decompresses itself, with limits; Netty must not.
                .setCompressionSupported(false)
                .setDecompressionSupported(false);
        settings.tls().ifPresent(tls -> ServerTls.apply(options, tls));
        Router router = router(vertx, inference, catalog, sharedMemory, settings);
        extraRoutes.accept(router);
        return vertx.createHttpServer(options)
                .requestHandler(router)
                .listen();
    }

    private static void internalError(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        ErrorResponses.send(ctx.request(), 500,
                failure == null || failure.getMessage() == null ? "internal error" : failure.getMessage());
    }
}
