package io.infergate.gateway.grpc;

import io.infergate.engine.SystemSharedMemory;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.SharedMemoryRegions;
import io.infergate.gateway.config.GrpcOptions;
import io.infergate.gateway.grpc.GrpcErrors.GrpcFailure;
import io.infergate.gateway.logging.ServerLog;
import io.infergate.gateway.security.ServerTls;
import io.infergate.gateway.grpc.health.HealthCheckRequest;
import io.infergate.gateway.kserve.proto.CudaSharedMemoryRegisterRequest;
import io.infergate.gateway.kserve.proto.CudaSharedMemoryStatusRequest;
import io.infergate.gateway.kserve.proto.CudaSharedMemoryUnregisterRequest;
import io.infergate.gateway.grpc.health.HealthGrpcService;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcService;
import io.infergate.gateway.kserve.proto.LogSettingsRequest;
import io.infergate.gateway.kserve.proto.TraceSettingRequest;
import io.infergate.gateway.kserve.proto.ModelConfigRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelMetadataRequest;
import io.infergate.gateway.kserve.proto.ModelReadyRequest;
import io.infergate.gateway.kserve.proto.ModelStatisticsRequest;
import io.infergate.gateway.kserve.proto.RepositoryIndexRequest;
import io.infergate.gateway.kserve.proto.RepositoryModelLoadRequest;
import io.infergate.gateway.kserve.proto.RepositoryModelUnloadRequest;
import io.infergate.gateway.kserve.proto.ServerLiveRequest;
import io.infergate.gateway.kserve.proto.ServerMetadataRequest;
import io.infergate.gateway.kserve.proto.ServerReadyRequest;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryRegisterRequest;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryStatusRequest;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryUnregisterRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import java.util.List;

/**
 * The gRPC frontend: Triton's GRPCInferenceService and the standard health service on an HTTP/2
 * server (cleartext with prior knowledge, or TLS with ALPN). CUDA shared memory has no regions and
 * refuses to register one.
 */
public final class GrpcFrontend {
    private GrpcFrontend() {
    }

    /**
     * The gRPC request handler with every RPC bound, without client shared memory (deflate
     * responses need {@link #listen}'s handler in front).
     */
    static GrpcServer server(Vertx vertx, InferenceEngine inference, ModelCatalog catalog,
            GrpcSettings settings) {
        return server(vertx, inference, catalog, SystemSharedMemory.create(false), settings);
    }

    /** The gRPC request handler with every RPC bound, over this node's shared-memory regions. */
    static GrpcServer server(Vertx vertx, InferenceEngine inference, ModelCatalog catalog,
            SharedMemoryRegions sharedMemory, GrpcSettings settings) {
        GrpcOptions options = settings.options();
        GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions()
                .setMaxMessageSize(options.maxMessageSize())
                // a client's grpc-timeout ends the call, which cancels its queued work
                .setScheduleDeadlineAutomatically(true));
        UnaryCalls calls = new UnaryCalls(grpc, options.maxMessageSize());
        ModelRpcs models = new ModelRpcs(catalog, settings, sharedMemory.enabled());
        RepositoryRpcs repository = new RepositoryRpcs(catalog);
        InferRpcs infer = new InferRpcs(inference, sharedMemory, settings.tracing());
        SharedMemoryRpcs regions = new SharedMemoryRpcs(vertx, sharedMemory);
        HealthRpc health = new HealthRpc(catalog);

        calls.bind(GRPCInferenceServiceGrpcService.ServerLive, ServerLiveRequest.parser(), models::live);
        calls.bind(GRPCInferenceServiceGrpcService.ServerReady, ServerReadyRequest.parser(), models::ready);
        calls.bind(GRPCInferenceServiceGrpcService.ModelReady, ModelReadyRequest.parser(), models::modelReady);
        calls.bind(GRPCInferenceServiceGrpcService.ServerMetadata, ServerMetadataRequest.parser(), models::server);
        calls.bind(GRPCInferenceServiceGrpcService.ModelMetadata, ModelMetadataRequest.parser(), models::metadata);
        calls.bind(GRPCInferenceServiceGrpcService.ModelConfig, ModelConfigRequest.parser(), models::config);
        calls.bind(GRPCInferenceServiceGrpcService.ModelStatistics, ModelStatisticsRequest.parser(),
                models::statistics);
        calls.bindAsync(GRPCInferenceServiceGrpcService.RepositoryIndex, RepositoryIndexRequest.parser(),
                (request, cancellation) -> repository.index(request));
        calls.bindAsync(GRPCInferenceServiceGrpcService.RepositoryModelLoad, RepositoryModelLoadRequest.parser(),
                (request, cancellation) -> repository.load(request));
        calls.bindAsync(GRPCInferenceServiceGrpcService.RepositoryModelUnload, RepositoryModelUnloadRequest.parser(),
                (request, cancellation) -> repository.unload(request));
        calls.bindTraced(GRPCInferenceServiceGrpcService.ModelInfer, ModelInferRequest.parser(), infer::tracing,
                infer::infer);
        grpc.callHandler(GRPCInferenceServiceGrpcService.ModelStreamInfer,
                call -> new StreamInferCall(inference, catalog, sharedMemory, call, settings).start());
        calls.bind(HealthGrpcService.Check, HealthCheckRequest.parser(), health::check);
        calls.bind(GRPCInferenceServiceGrpcService.SystemSharedMemoryStatus, SystemSharedMemoryStatusRequest.parser(),
                regions::status);
        calls.bindAsync(GRPCInferenceServiceGrpcService.SystemSharedMemoryRegister,
                SystemSharedMemoryRegisterRequest.parser(), (request, cancellation) -> regions.register(request));
        calls.bindAsync(GRPCInferenceServiceGrpcService.SystemSharedMemoryUnregister,
                SystemSharedMemoryUnregisterRequest.parser(), (request, cancellation) -> regions.unregister(request));
        calls.bind(GRPCInferenceServiceGrpcService.CudaSharedMemoryStatus, CudaSharedMemoryStatusRequest.parser(),
                CudaSharedMemoryRpcs::status);
        calls.bind(GRPCInferenceServiceGrpcService.CudaSharedMemoryRegister, CudaSharedMemoryRegisterRequest.parser(),
                CudaSharedMemoryRpcs::register);
        calls.bind(GRPCInferenceServiceGrpcService.CudaSharedMemoryUnregister,
                CudaSharedMemoryUnregisterRequest.parser(), CudaSharedMemoryRpcs::unregister);
        calls.bind(GRPCInferenceServiceGrpcService.TraceSetting, TraceSettingRequest.parser(),
                new TraceSettingRpc(settings.tracing(), catalog)::settings);
        calls.bind(GRPCInferenceServiceGrpcService.LogSettings, LogSettingsRequest.parser(),
                new LogSettingsRpc(ServerLog.process())::settings);
        return grpc;
    }

    /** Starts the gRPC service without client shared memory; port 0 picks a free port. */
    public static Future<HttpServer> listen(Vertx vertx, InferenceEngine inference, ModelCatalog catalog,
            GrpcSettings settings, String host, int port) {
        return listen(vertx, inference, catalog, SystemSharedMemory.create(false), settings, host, port);
    }

    /** Starts the gRPC service over this node's shared-memory regions; port 0 picks a free port. */
    public static Future<HttpServer> listen(Vertx vertx, InferenceEngine inference, ModelCatalog catalog,
            SharedMemoryRegions sharedMemory, GrpcSettings settings, String host, int port) {
        GrpcOptions options = settings.options();
        HttpServerOptions http = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                // gRPC compresses per message (grpc-encoding), never the HTTP body
                .setCompressionSupported(false)
                .setDecompressionSupported(false);
        settings.tls().ifPresent(tls -> ServerTls.apply(http, tls));
        return vertx.createHttpServer(http)
                .connectionHandler(connection -> KeepalivePings.watch(vertx, connection, options.keepaliveTimeMs(),
                        options.keepaliveTimeoutMs()))
                .requestHandler(MethodRoutes.naming(RestrictedCalls.guarding(settings.restricted(),
                        Compression.advertisingDeflate(server(vertx, inference, catalog, sharedMemory, settings)))))
                .listen();
    }
}
