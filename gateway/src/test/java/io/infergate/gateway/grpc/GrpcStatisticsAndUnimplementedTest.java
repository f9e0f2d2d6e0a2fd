package io.infergate.gateway.grpc;

import static io.infergate.gateway.grpc.GrpcRequests.int32Request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.grpc.GrpcTestClient.Reply;
import io.infergate.gateway.kserve.proto.CudaSharedMemoryRegisterRequest;
import io.infergate.gateway.kserve.proto.CudaSharedMemoryStatusRequest;
import io.infergate.gateway.kserve.proto.CudaSharedMemoryUnregisterRequest;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.ModelStatistics;
import io.infergate.gateway.kserve.proto.ModelStatisticsRequest;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryStatusRequest;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryStatusResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ModelStatistics, and the RPCs of extensions this server does not have (CUDA shared memory,
 * which has no regions) or whose clients may not use it (system shared memory without
 * --allow-client-shm); each test against the server of {@link GrpcFrontendFixture}.
 */
class GrpcStatisticsAndUnimplementedTest {
    @RegisterExtension
    static final GrpcFrontendFixture grpc = new GrpcFrontendFixture();

    @Test
    void modelStatisticsCountTheInferencesMade() {
        grpc.client().call(GRPCInferenceServiceGrpcClient.ModelInfer, int32Request("id_int32", 1, 2, 3)).single();
        var stats = grpc.client().call(GRPCInferenceServiceGrpcClient.ModelStatistics,
                ModelStatisticsRequest.newBuilder().setName("id_int32").build()).single();
        assertEquals("id_int32", stats.getModelStats(0).getName());
        assertTrue(stats.getModelStats(0).getInferenceStats().getSuccess().getCount() >= 1);
    }

    @Test
    void modelStatisticsCarryTheResponseStatisticsOfADecoupledModelPerResponseIndex() {
        grpc.client().call(GRPCInferenceServiceGrpcClient.ModelStreamInfer, List.of(),
                GrpcRequests.repeatRequest("r", 0, 4, 5));
        ModelStatistics stats = grpc.client().call(GRPCInferenceServiceGrpcClient.ModelStatistics,
                ModelStatisticsRequest.newBuilder().setName("repeat_int32").build()).single().getModelStats(0);
        assertTrue(stats.getResponseStatsMap().keySet().containsAll(List.of("0", "1", "2")),
                stats.getResponseStatsMap().keySet().toString());
        assertTrue(stats.getResponseStatsOrThrow("1").getSuccess().getCount() >= 1);
        assertTrue(stats.getResponseStatsOrThrow("2").getEmptyResponse().getCount() >= 1);
        assertEquals(0, stats.getMemoryUsageCount());
    }

    @Test
    void registeringCudaSharedMemoryIsUnimplemented() {
        Reply<?> reply = grpc.client().call(GRPCInferenceServiceGrpcClient.CudaSharedMemoryRegister,
                CudaSharedMemoryRegisterRequest.newBuilder().setName("gpu").setByteSize(64).build());
        assertEquals(GrpcStatus.UNIMPLEMENTED, reply.status());
        assertEquals("CUDA shared memory is not supported by this server; use system shared memory"
                + " (--allow-client-shm=true)", reply.message());
    }

    @Test
    void cudaSharedMemoryHasNoRegionsToListOrUnregister() {
        assertEquals(0, grpc.client().call(GRPCInferenceServiceGrpcClient.CudaSharedMemoryStatus,
                CudaSharedMemoryStatusRequest.getDefaultInstance()).single().getRegionsCount());
        grpc.client().call(GRPCInferenceServiceGrpcClient.CudaSharedMemoryUnregister,
                CudaSharedMemoryUnregisterRequest.getDefaultInstance()).single();
        Reply<?> named = grpc.client().call(GRPCInferenceServiceGrpcClient.CudaSharedMemoryStatus,
                CudaSharedMemoryStatusRequest.newBuilder().setName("gpu").build());
        assertEquals(GrpcStatus.NOT_FOUND, named.status());
        assertEquals("Unable to find cuda shared memory region: 'gpu'", named.message());
    }

    @Test
    void systemSharedMemoryStatusWithoutClientSharedMemoryListsNoRegion() {
        SystemSharedMemoryStatusResponse status = grpc.client().call(
                GRPCInferenceServiceGrpcClient.SystemSharedMemoryStatus,
                SystemSharedMemoryStatusRequest.getDefaultInstance()).single();
        assertEquals(0, status.getRegionsCount());
    }
}
