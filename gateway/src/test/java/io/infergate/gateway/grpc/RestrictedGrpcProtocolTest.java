package io.infergate.gateway.grpc;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.protobuf.MessageLite;
import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.grpc.GrpcTestClient.Reply;
import io.infergate.gateway.grpc.health.HealthCheckRequest;
import io.infergate.gateway.grpc.health.HealthGrpcClient;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.LogSettingsRequest;
import io.infergate.gateway.kserve.proto.ModelConfigRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelStatisticsRequest;
import io.infergate.gateway.kserve.proto.RepositoryIndexRequest;
import io.infergate.gateway.kserve.proto.ServerLiveRequest;
import io.infergate.gateway.kserve.proto.ServerMetadataRequest;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryStatusRequest;
import io.infergate.gateway.kserve.proto.TraceSettingRequest;
import io.infergate.gateway.security.ApiCategory;
import io.infergate.gateway.server.InfergateServer;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code --grpc-restricted-protocol} over real HTTP/2: every category restricted with a key of its
 * own, read from the metadata {@code triton-grpc-protocol-key-<category>}, and one call of each.
 */
class RestrictedGrpcProtocolTest {
    private static Vertx vertx;
    private static InfergateServer server;
    private static GrpcTestClient client;

    @BeforeAll
    static void start() {
        List<String> args = new ArrayList<>(List.of("--model-control-mode=explicit", "--grpc-port=0",
                "--allow-http=false", "--allow-metrics=false", "--grpc-address=127.0.0.1"));
        for (ApiCategory category : ApiCategory.values()) {
            args.add("--grpc-restricted-protocol=" + category.flagName() + ":key-" + category.flagName() + "=value");
        }
        server = await(InfergateServer.start(ServerOptions.fromArgs(args.toArray(String[]::new))));
        vertx = Vertx.vertx();
        client = new GrpcTestClient(vertx, server.grpcPort());
    }

    @AfterAll
    static void stop() {
        client.close();
        await(server.close());
        await(vertx.close());
    }

    private static String metadataKey(ApiCategory category) {
        return "triton-grpc-protocol-key-" + category.flagName();
    }

    /** One call of the category: its method and request. */
    private record Sample(ServiceMethod<?, ?> method, MessageLite request) {
    }

    private static Sample sample(ApiCategory category) {
        return switch (category) {
            case HEALTH -> new Sample(GRPCInferenceServiceGrpcClient.ServerLive, ServerLiveRequest.getDefaultInstance());
            case METADATA -> new Sample(GRPCInferenceServiceGrpcClient.ServerMetadata,
                    ServerMetadataRequest.getDefaultInstance());
            case INFERENCE -> new Sample(GRPCInferenceServiceGrpcClient.ModelInfer,
                    ModelInferRequest.newBuilder().setModelName("missing").build());
            case SHARED_MEMORY -> new Sample(GRPCInferenceServiceGrpcClient.SystemSharedMemoryStatus,
                    SystemSharedMemoryStatusRequest.getDefaultInstance());
            case MODEL_CONFIG -> new Sample(GRPCInferenceServiceGrpcClient.ModelConfig,
                    ModelConfigRequest.newBuilder().setName("missing").build());
            case MODEL_REPOSITORY -> new Sample(GRPCInferenceServiceGrpcClient.RepositoryIndex,
                    RepositoryIndexRequest.getDefaultInstance());
            case STATISTICS -> new Sample(GRPCInferenceServiceGrpcClient.ModelStatistics,
                    ModelStatisticsRequest.getDefaultInstance());
            case TRACE -> new Sample(GRPCInferenceServiceGrpcClient.TraceSetting, TraceSettingRequest.getDefaultInstance());
            case LOGGING -> new Sample(GRPCInferenceServiceGrpcClient.LogSettings, LogSettingsRequest.getDefaultInstance());
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Reply<?> call(Sample sample, String... headers) {
        return client.call((ServiceMethod) sample.method(), List.of(headers), sample.request());
    }

    private static void assertRefused(ApiCategory category, Reply<?> reply) {
        assertEquals(GrpcStatus.UNAVAILABLE, reply.status(), reply.message());
        assertEquals("This protocol is restricted, expecting header '" + metadataKey(category) + "'", reply.message());
    }

    @ParameterizedTest
    @EnumSource(ApiCategory.class)
    void aCallWithoutTheMetadataIsUnavailable(ApiCategory category) {
        assertRefused(category, call(sample(category)));
    }

    @ParameterizedTest
    @EnumSource(ApiCategory.class)
    void aCallWithAnotherValueIsUnavailable(ApiCategory category) {
        assertRefused(category, call(sample(category), metadataKey(category), "other"));
    }

    @ParameterizedTest
    @EnumSource(ApiCategory.class)
    void theKeyWithoutTritonsPrefixDoesNotCount(ApiCategory category) {
        assertRefused(category, call(sample(category), "key-" + category.flagName(), "value"));
    }

    @ParameterizedTest
    @EnumSource(ApiCategory.class)
    void aCallWithTheMetadataReachesItsMethod(ApiCategory category) {
        Reply<?> reply = call(sample(category), metadataKey(category), "value");
        assertFalse(reply.message() != null && reply.message().startsWith("This protocol is restricted"),
                reply.status() + " " + reply.message());
    }

    @Test
    void theStandardHealthCheckIsInTheHealthCategory() {
        Reply<?> reply = client.call(HealthGrpcClient.Check, List.of(), HealthCheckRequest.getDefaultInstance());
        assertRefused(ApiCategory.HEALTH, reply);
    }

    @Test
    void aStreamWithoutTheMetadataEndsUnavailable() {
        Reply<?> reply = client.call(GRPCInferenceServiceGrpcClient.ModelStreamInfer, List.of(),
                ModelInferRequest.newBuilder().setModelName("missing").build());
        assertRefused(ApiCategory.INFERENCE, reply);
    }
}
