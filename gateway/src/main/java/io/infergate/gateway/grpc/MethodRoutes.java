package io.infergate.gateway.grpc;

import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.infergate.gateway.grpc.health.HealthGrpcService;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcService;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.common.ServiceName;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

    /** Every method of the two services, from their descriptors: nothing to keep in step by hand. */
    private static Set<String> known() {
        return Stream.concat(
                paths(GRPCInferenceServiceGrpcService.SERVICE_NAME, GRPCInferenceServiceGrpcService.SERVICE_DESCRIPTOR),
                paths(HealthGrpcService.SERVICE_NAME, HealthGrpcService.SERVICE_DESCRIPTOR))
                .collect(Collectors.toUnmodifiableSet());
    }

    private static Stream<String> paths(ServiceName service, ServiceDescriptor descriptor) {
        return descriptor.getMethods().stream().map(method -> service.pathOf(method.getName()));
    }
}
