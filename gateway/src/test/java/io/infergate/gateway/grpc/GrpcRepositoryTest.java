package io.infergate.gateway.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.ModelRepositoryParameter;
import io.infergate.gateway.kserve.proto.RepositoryIndexRequest;
import io.infergate.gateway.kserve.proto.RepositoryModelLoadRequest;
import io.infergate.gateway.kserve.proto.RepositoryModelUnloadRequest;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RepositoryIndex, RepositoryModelLoad (with configuration and file overrides) and
 * RepositoryModelUnload; each test against the server of {@link GrpcFrontendFixture}.
 */
class GrpcRepositoryTest {
    @RegisterExtension
    static final GrpcFrontendFixture grpc = new GrpcFrontendFixture();

    @Test
    void repositoryIndexListsTheLoadedModels() {
        var index = grpc.client().call(GRPCInferenceServiceGrpcClient.RepositoryIndex,
                RepositoryIndexRequest.newBuilder().setReady(true).build()).single();
        assertTrue(index.getModelsList().stream().anyMatch(m -> m.getName().equals("id_int32")
                && m.getState().equals("READY")));
    }

    @Test
    void repositoryIndexListsTheRepositoriesModelsThatNeverLoadedByNameAlone() {
        var index = grpc.client().call(GRPCInferenceServiceGrpcClient.RepositoryIndex,
                RepositoryIndexRequest.getDefaultInstance()).single();
        var simple = index.getModelsList().stream().filter(m -> m.getName().equals("simple")).findFirst().orElseThrow();
        assertEquals("", simple.getVersion());
        assertEquals("", simple.getState());
        assertEquals("", simple.getReason());
    }

    @Test
    void repositoryIndexWithReadyListsOnlyReadyVersions() {
        var index = grpc.client().call(GRPCInferenceServiceGrpcClient.RepositoryIndex,
                RepositoryIndexRequest.newBuilder().setReady(true).build()).single();
        assertTrue(index.getModelsList().stream().allMatch(m -> m.getState().equals("READY")));
        assertTrue(index.getModelsList().stream().noneMatch(m -> m.getName().equals("simple")));
    }

    @Test
    void repositoryLoadWithAConfigOverrideThenUnload() {
        String config = "{\"backend\":\"identity\",\"max_batch_size\":0,"
                + "\"input\":[{\"name\":\"INPUT0\",\"data_type\":\"TYPE_INT32\",\"dims\":[-1]}],"
                + "\"output\":[{\"name\":\"OUTPUT0\",\"data_type\":\"TYPE_INT32\",\"dims\":[-1]}]}";
        var load = RepositoryModelLoadRequest.newBuilder().setModelName("loaded_over_grpc")
                .putParameters("config", ModelRepositoryParameter.newBuilder().setStringParam(config).build())
                .putParameters("file:1/model.txt",
                        ModelRepositoryParameter.newBuilder().setBytesParam(ByteString.copyFromUtf8("x")).build())
                .build();
        assertEquals(GrpcStatus.OK,
                grpc.client().call(GRPCInferenceServiceGrpcClient.RepositoryModelLoad, load).status());
        assertTrue(grpc.engine().isModelReady("loaded_over_grpc", ""));
        assertEquals(GrpcStatus.OK, grpc.client().call(GRPCInferenceServiceGrpcClient.RepositoryModelUnload,
                RepositoryModelUnloadRequest.newBuilder().setModelName("loaded_over_grpc").build()).status());
        assertFalse(grpc.engine().isModelReady("loaded_over_grpc", ""));
    }

    @Test
    void repositoryLoadRefusesAFileOverrideThatLeavesItsFolder() {
        var load = RepositoryModelLoadRequest.newBuilder().setModelName("escape")
                .putParameters("config", ModelRepositoryParameter.newBuilder().setStringParam("{}").build())
                .putParameters("file:../../etc/x",
                        ModelRepositoryParameter.newBuilder().setBytesParam(ByteString.copyFromUtf8("x")).build())
                .build();
        assertEquals(GrpcStatus.INVALID_ARGUMENT,
                grpc.client().call(GRPCInferenceServiceGrpcClient.RepositoryModelLoad, load).status());
    }
}
