package io.infergate.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.grpc.health.HealthGrpcService;
import io.infergate.gateway.http.HttpFrontend;
import io.infergate.gateway.http.HttpSettings;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcService;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every HTTP route and every gRPC method has its Triton category; the paths that look alike do not mix. */
class ApiTableTest {

    @Test
    void everyHttpRouteHasACategory() {
        Vertx vertx = Vertx.vertx();
        try {
            List<String> paths = HttpFrontend.router(vertx, null, null, HttpSettings.defaults("t", "0")).getRoutes()
                    .stream().map(Route::getPath).filter(path -> path != null).toList();
            assertTrue(paths.size() > 20, "routes: " + paths);
            for (String path : paths) {
                String sample = path.replace(":m", "model").replace(":v", "1").replace(":r", "region");
                assertTrue(ApiTable.ofHttpPath(sample).isPresent(), "no category for " + path);
            }
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void everyGrpcMethodHasACategory() {
        Stream.concat(
                GRPCInferenceServiceGrpcService.SERVICE_DESCRIPTOR.getMethods().stream()
                        .map(method -> GRPCInferenceServiceGrpcService.SERVICE_NAME.pathOf(method.getName())),
                HealthGrpcService.SERVICE_DESCRIPTOR.getMethods().stream()
                        .map(method -> HealthGrpcService.SERVICE_NAME.pathOf(method.getName())))
                .forEach(path -> assertTrue(ApiTable.ofGrpcPath(path).isPresent(), "no category for " + path));
    }

    @Test
    void statisticsOfEveryModelAreNotTheMetadataOfAModelNamedStats() {
        assertEquals(Optional.of(ApiCategory.STATISTICS), ApiTable.ofHttpPath("/v2/models/stats"));
        assertEquals(Optional.of(ApiCategory.METADATA), ApiTable.ofHttpPath("/v2/models/stats/versions/1"));
        assertEquals(Optional.of(ApiCategory.STATISTICS), ApiTable.ofHttpPath("/v2/models/stats/stats"));
    }

    @Test
    void perModelEndpointsFallInTheirOwnCategories() {
        assertEquals(Optional.of(ApiCategory.HEALTH), ApiTable.ofHttpPath("/v2/models/m/versions/2/ready"));
        assertEquals(Optional.of(ApiCategory.MODEL_CONFIG), ApiTable.ofHttpPath("/v2/models/m/config"));
        assertEquals(Optional.of(ApiCategory.INFERENCE), ApiTable.ofHttpPath("/v2/models/m/versions/2/infer"));
        assertEquals(Optional.of(ApiCategory.TRACE), ApiTable.ofHttpPath("/v2/models/m/trace/setting"));
        assertEquals(Optional.of(ApiCategory.METADATA), ApiTable.ofHttpPath("/v2/models/m"));
    }

    @Test
    void pathsOfNoEndpointHaveNoCategory() {
        assertEquals(Optional.empty(), ApiTable.ofHttpPath("/v2/models/m/unknown"));
        assertEquals(Optional.empty(), ApiTable.ofGrpcPath("/inference.GRPCInferenceService/Nothing"));
    }
}
