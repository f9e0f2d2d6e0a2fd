package io.infergate.gateway.grpc;

import io.infergate.gateway.grpc.health.HealthGrpcService;
import io.infergate.gateway.grpc.proto.GRPCInferenceServiceGrpcService;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.common.ServiceMethod;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Names each gRPC call's HTTP/2 request after its method, so Vert.x's HTTP server meters carry
 * a {@code route} label per RPC ({@code /inference.GRPCInferenceService/ModelInfer}). Paths that
 * name no known method share one label: a client cannot grow the metrics by inventing paths.
 */
final class MethodRoutes {
    static final String UNKNOWN = "unknown";

    private static final Set<String> KNOWN = known();

    private MethodRoutes() {
    }

    static Handler<HttpServerRequest> naming(Handler<HttpServerRequest> grpc) {
        return request -> {
            request.routed(route(request.path()));
            grpc.handle(request);
        };
    }

    static String route(String path) {
        return path != null && KNOWN.contains(path) ? path : UNKNOWN;
    }

    private static Set<String> known() {
        Set<String> paths = new HashSet<>();
        for (ServiceMethod<?, ?> method : List.<ServiceMethod<?, ?>>of(
                GRPCInferenceServiceGrpcService.ServerLive, GRPCInferenceServiceGrpcService.ServerReady,
                GRPCInferenceServiceGrpcService.ModelReady, GRPCInferenceServiceGrpcService.ServerMetadata,
                GRPCInferenceServiceGrpcService.ModelMetadata, GRPCInferenceServiceGrpcService.ModelInfer,
                GRPCInferenceServiceGrpcService.ModelStreamInfer, GRPCInferenceServiceGrpcService.ModelConfig,
                GRPCInferenceServiceGrpcService.ModelStatistics, GRPCInferenceServiceGrpcService.RepositoryIndex,
                GRPCInferenceServiceGrpcService.RepositoryModelLoad,
                GRPCInferenceServiceGrpcService.RepositoryModelUnload,
                GRPCInferenceServiceGrpcService.SystemSharedMemoryStatus,
                GRPCInferenceServiceGrpcService.SystemSharedMemoryRegister,
                GRPCInferenceServiceGrpcService.SystemSharedMemoryUnregister,
                GRPCInferenceServiceGrpcService.CudaSharedMemoryStatus,
                GRPCInferenceServiceGrpcService.CudaSharedMemoryRegister,
                GRPCInferenceServiceGrpcService.CudaSharedMemoryUnregister,
                GRPCInferenceServiceGrpcService.TraceSetting, GRPCInferenceServiceGrpcService.LogSettings,
                HealthGrpcService.Check)) {
            paths.add(method.serviceName().pathOf(method.methodName()));
        }
        return Set.copyOf(paths);
    }
}
