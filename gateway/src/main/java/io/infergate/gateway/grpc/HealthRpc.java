package io.infergate.gateway.grpc;

import io.infergate.engine.api.ModelCatalog;
import io.infergate.gateway.grpc.GrpcErrors.GrpcFailure;
import io.infergate.gateway.grpc.health.HealthCheckRequest;
import io.infergate.gateway.grpc.health.HealthCheckResponse;
import io.infergate.gateway.grpc.health.HealthCheckResponse.ServingStatus;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcService;
import io.vertx.grpc.common.GrpcStatus;

/**
 * {@code grpc.health.v1.Health/Check}: SERVING when the server is ready, for the server as a
 * whole ("") and for the inference service by name; other service names are NOT_FOUND, as the
 * health protocol says.
 */
final class HealthRpc {
    private final ModelCatalog models;

    HealthRpc(ModelCatalog models) {
        this.models = models;
    }

    HealthCheckResponse check(HealthCheckRequest request) {
        String service = request.getService();
        if (!service.isEmpty() && !service.equals(GRPCInferenceServiceGrpcService.SERVICE_NAME.fullyQualifiedName())) {
            throw new GrpcFailure(GrpcStatus.NOT_FOUND, "unknown service '" + service + "'");
        }
        return HealthCheckResponse.newBuilder()
                .setStatus(models.isReady() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING)
                .build();
    }
}
