package io.infergate.gateway.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.grpc.health.HealthCheckRequest;
import io.infergate.gateway.grpc.health.HealthCheckResponse;
import io.infergate.gateway.grpc.health.HealthGrpcClient;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.ModelConfigRequest;
import io.infergate.gateway.kserve.proto.ModelMetadataRequest;
import io.infergate.gateway.kserve.proto.ModelMetadataResponse;
import io.infergate.gateway.kserve.proto.ModelReadyRequest;
import io.infergate.gateway.kserve.proto.ServerMetadataRequest;
import io.infergate.gateway.kserve.proto.ServerReadyRequest;
import io.infergate.gateway.protocol.ServerExtensions;
import io.vertx.grpc.common.GrpcStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ServerReady, ModelReady, ServerMetadata, ModelMetadata, ModelConfig and the standard gRPC
 * health check; each test against the server of {@link GrpcFrontendFixture}.
 */
class GrpcHealthAndMetadataTest {
    @RegisterExtension
    static final GrpcFrontendFixture grpc = new GrpcFrontendFixture();

    @Test
    void serverReadyAnswersTrue() {
        assertTrue(grpc.client().call(GRPCInferenceServiceGrpcClient.ServerReady,
                ServerReadyRequest.getDefaultInstance())
                .single().getReady());
    }

    @Test
    void modelReadyIsTrueForALoadedModelAndFalseForAnUnknownOne() {
        assertTrue(grpc.client().call(GRPCInferenceServiceGrpcClient.ModelReady,
                ModelReadyRequest.newBuilder().setName("id_int32").build()).single().getReady());
        assertFalse(grpc.client().call(GRPCInferenceServiceGrpcClient.ModelReady,
                ModelReadyRequest.newBuilder().setName("nope").build()).single().getReady());
    }

    @Test
    void serverMetadataListsTheSameExtensionsAsHttp() {
        var metadata = grpc.client().call(GRPCInferenceServiceGrpcClient.ServerMetadata,
                ServerMetadataRequest.getDefaultInstance()).single();
        assertEquals("infergate", metadata.getName());
        assertEquals(ServerExtensions.LIST, metadata.getExtensionsList());
    }

    @Test
    void modelMetadataDescribesInputsAndOutputs() {
        ModelMetadataResponse metadata = grpc.client().call(GRPCInferenceServiceGrpcClient.ModelMetadata,
                ModelMetadataRequest.newBuilder().setName("id_int32").build()).single();
        assertEquals("id_int32", metadata.getName());
        assertEquals("INPUT0", metadata.getInputs(0).getName());
        assertEquals("INT32", metadata.getInputs(0).getDatatype());
        assertEquals(List.of(-1L), metadata.getInputs(0).getShapeList());
        assertEquals("OUTPUT0", metadata.getOutputs(0).getName());
    }

    @Test
    void modelConfigIsTheEnginesConfigMessage() {
        var config = grpc.client().call(GRPCInferenceServiceGrpcClient.ModelConfig,
                ModelConfigRequest.newBuilder().setName("repeat_int32").build()).single().getConfig();
        assertEquals("repeat", config.getBackend());
        assertTrue(config.getModelTransactionPolicy().getDecoupled());
    }

    @Test
    void healthCheckSaysServing() {
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, grpc.client().call(HealthGrpcClient.Check,
                HealthCheckRequest.getDefaultInstance()).single().getStatus());
    }

    @Test
    void healthCheckOfAnUnknownServiceIsNotFound() {
        assertEquals(GrpcStatus.NOT_FOUND, grpc.client().call(HealthGrpcClient.Check,
                HealthCheckRequest.newBuilder().setService("no.Such").build()).status());
    }
}
