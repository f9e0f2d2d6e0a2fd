package io.infergate.gateway.grpc;

import io.infergate.gateway.grpc.GrpcTestClient.Reply;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryRegisterRequest;
import io.infergate.gateway.server.ShmServer;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The server of {@link ShmServer} (with or without --allow-client-shm=true) and a gRPC client on
 * it, for the shared-memory gRPC tests:
 * <pre>{@code @RegisterExtension static final ShmGrpcServer grpc = new ShmGrpcServer(true);}</pre>
 */
final class ShmGrpcServer implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private final ShmServer server;
    private GrpcTestClient client;

    ShmGrpcServer(boolean allowClientShm) {
        this.server = new ShmServer(allowClientShm);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        server.beforeAll(context);
        client = new GrpcTestClient(server.vertx(), server.server().grpcPort());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.afterEach(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        client.close();
        server.afterAll(context);
    }

    GrpcTestClient client() {
        return client;
    }

    /** SystemSharedMemoryRegister, answered as it was (call {@code single()} to require success). */
    Reply<?> register(String name, String key, long offset, long byteSize) {
        return client.call(GRPCInferenceServiceGrpcClient.SystemSharedMemoryRegister, SystemSharedMemoryRegisterRequest
                .newBuilder().setName(name).setKey(key).setOffset(offset).setByteSize(byteSize).build());
    }
}
