package io.infergate.gateway.security;

import static io.infergate.gateway.security.ApiCategory.HEALTH;
import static io.infergate.gateway.security.ApiCategory.INFERENCE;
import static io.infergate.gateway.security.ApiCategory.LOGGING;
import static io.infergate.gateway.security.ApiCategory.METADATA;
import static io.infergate.gateway.security.ApiCategory.MODEL_CONFIG;
import static io.infergate.gateway.security.ApiCategory.MODEL_REPOSITORY;
import static io.infergate.gateway.security.ApiCategory.SHARED_MEMORY;
import static io.infergate.gateway.security.ApiCategory.STATISTICS;
import static io.infergate.gateway.security.ApiCategory.TRACE;

import io.infergate.gateway.grpc.health.HealthGrpcService;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcService;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every HTTP endpoint and gRPC method in its restriction category, in one table as Triton groups
 * them. An HTTP path or gRPC method that no row names belongs to no category (and is answered
 * 404 or UNIMPLEMENTED anyway); {@code ApiTableTest} checks that every route and RPC is here.
 */
public final class ApiTable {
    /** A model, optionally with a version: the base of the per-model endpoints. */
    private static final String MODEL = "/v2/models/[^/]+(/versions/[^/]+)?";

    private static final List<Row> ROWS = List.of(
            row(HEALTH, List.of("/v2/health/(live|ready)", MODEL + "/ready"),
                    List.of("ServerLive", "ServerReady", "ModelReady"), List.of("Check")),
            // "/v2/models/stats" is the statistics of every model, not the metadata of a model named stats
            row(METADATA, List.of("/v2/?", "/v2/models/(?!stats$)[^/]+(/versions/[^/]+)?", "/v2/cluster"),
                    List.of("ServerMetadata", "ModelMetadata"), List.of()),
            row(INFERENCE, List.of(MODEL + "/(infer|generate|generate_stream)"),
                    List.of("ModelInfer", "ModelStreamInfer"), List.of()),
            row(SHARED_MEMORY, List.of("/v2/(system|cuda)sharedmemory(/region/[^/]+)?/(status|register|unregister)"),
                    List.of("SystemSharedMemoryStatus", "SystemSharedMemoryRegister", "SystemSharedMemoryUnregister",
                            "CudaSharedMemoryStatus", "CudaSharedMemoryRegister", "CudaSharedMemoryUnregister"),
                    List.of()),
            row(MODEL_CONFIG, List.of(MODEL + "/config"), List.of("ModelConfig"), List.of()),
            row(MODEL_REPOSITORY, List.of("/v2/repository/index", "/v2/repository/models/[^/]+/(load|unload)"),
                    List.of("RepositoryIndex", "RepositoryModelLoad", "RepositoryModelUnload"), List.of()),
            row(STATISTICS, List.of("/v2/models/stats", MODEL + "/stats"), List.of("ModelStatistics"), List.of()),
            row(TRACE, List.of("/v2(/models/[^/]+)?/trace/setting"), List.of("TraceSetting"), List.of()),
            row(LOGGING, List.of("/v2/logging"), List.of("LogSettings"), List.of()));

    private ApiTable() {
    }

    /** The category of an HTTP request path. */
    public static Optional<ApiCategory> ofHttpPath(String path) {
        return ROWS.stream().filter(row -> row.http().stream().anyMatch(p -> p.matcher(path).matches()))
                .map(Row::category).findFirst();
    }

    /** The category of a gRPC call's path, {@code /package.Service/Method}. */
    public static Optional<ApiCategory> ofGrpcPath(String path) {
        return ROWS.stream().filter(row -> row.grpcPaths().anyMatch(path::equals)).map(Row::category).findFirst();
    }

    private static Row row(ApiCategory category, List<String> http, List<String> inference, List<String> health) {
        return new Row(category, http.stream().map(Pattern::compile).toList(), inference, health);
    }

    /**
     * One category's endpoints.
     *
     * @param category  the category
     * @param http      patterns the whole request path matches
     * @param inference methods of inference.GRPCInferenceService
     * @param health    methods of grpc.health.v1.Health
     */
    private record Row(ApiCategory category, List<Pattern> http, List<String> inference, List<String> health) {
        Stream<String> grpcPaths() {
            return Stream.concat(inference.stream().map(GRPCInferenceServiceGrpcService.SERVICE_NAME::pathOf),
                    health.stream().map(HealthGrpcService.SERVICE_NAME::pathOf));
        }
    }
}
