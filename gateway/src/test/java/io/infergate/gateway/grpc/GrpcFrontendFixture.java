package io.infergate.gateway.grpc;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.EngineOptions;
import io.infergate.engine.LocalEngine;
import io.infergate.gateway.config.GrpcOptions;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.ServerLiveRequest;
import io.infergate.testsupport.ProjectPaths;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The gRPC frontend over real HTTP/2 on a free port, in front of a LocalEngine serving identity
 * models ({@code id_int32}, {@code id_string}) and the decoupled {@code repeat_int32} and
 * {@code square_int32} of the shared Triton examples (read in place). One server per test class:
 * <pre>{@code @RegisterExtension static final GrpcFrontendFixture grpc = new GrpcFrontendFixture();}</pre>
 * After every test, good or bad, it checks that the server is still live.
 */
final class GrpcFrontendFixture implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    static final long MAX_MESSAGE = 1024 * 1024;
    static final int QUEUE = 16;

    private Path repo;
    private Vertx vertx;
    private LocalEngine engine;
    private HttpServer server;
    private GrpcTestClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        repo = Files.createTempDirectory("grpc-frontend");
        TestModels.writeIdentity(repo, "id_int32", "TYPE_INT32");
        TestModels.writeIdentity(repo, "id_string", "TYPE_STRING");
        vertx = Vertx.vertx();
        engine = await(LocalEngine.start(vertx, new EngineOptions(List.of(repo, ProjectPaths.tritonExamples()),
                EngineOptions.ModelControlMode.EXPLICIT, List.of("id_int32", "id_string", "repeat_int32",
                        "square_int32"), true, false)));
        GrpcOptions options = new GrpcOptions(true, "127.0.0.1", MAX_MESSAGE, QUEUE, 0, 0);
        server = await(GrpcFrontend.listen(vertx, engine, engine, new GrpcSettings("infergate", "0.1.0", options),
                "127.0.0.1", 0));
        client = new GrpcTestClient(vertx, server.actualPort());
    }

    /** Every test, good or bad, leaves the server live. */
    @Override
    public void afterEach(ExtensionContext context) {
        assertTrue(client.call(GRPCInferenceServiceGrpcClient.ServerLive, ServerLiveRequest.getDefaultInstance())
                .single().getLive());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        client.close();
        await(server.close());
        await(engine.close());
        await(vertx.close());
        try (Stream<Path> files = Files.walk(repo)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    Vertx vertx() {
        return vertx;
    }

    LocalEngine engine() {
        return engine;
    }

    int port() {
        return server.actualPort();
    }

    GrpcTestClient client() {
        return client;
    }
}
