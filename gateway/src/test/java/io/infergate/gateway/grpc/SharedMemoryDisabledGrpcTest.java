package io.infergate.gateway.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.infergate.gateway.grpc.GrpcTestClient.Reply;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.ServerMetadataRequest;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryUnregisterRequest;
import io.infergate.testsupport.ShmObject;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server started without --allow-client-shm (the default), over gRPC. */
class SharedMemoryDisabledGrpcTest {
    @RegisterExtension
    static final ShmGrpcServer server = new ShmGrpcServer(false);

    @Test
    void serverMetadataDoesNotListSystemSharedMemory() {
        assertFalse(server.client().call(GRPCInferenceServiceGrpcClient.ServerMetadata, ServerMetadataRequest.getDefaultInstance())
                .single().getExtensionsList().contains("system_shared_memory"));
    }

    @Test
    void registeringIsUnavailableNamingTheFlag() {
        try (ShmObject object = ShmObject.create("disabled-grpc", 64)) {
            Reply<?> reply = server.register("r", object.key(), 0, 64);
            assertEquals(GrpcStatus.UNAVAILABLE, reply.status());
            assertEquals("system shared memory is disabled on this server: start it with --allow-client-shm=true to"
                    + " let clients use shared-memory regions", reply.message());
        }
    }

    @Test
    void unregisteringAllSucceedsAsItDoesOnTriton() {
        server.client().call(GRPCInferenceServiceGrpcClient.SystemSharedMemoryUnregister,
                SystemSharedMemoryUnregisterRequest.getDefaultInstance()).single();
    }
}
