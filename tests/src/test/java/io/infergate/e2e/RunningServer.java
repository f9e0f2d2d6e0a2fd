package io.infergate.e2e;

import static io.infergate.testsupport.Await.await;

import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.server.InfergateServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.grpc.client.GrpcClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A whole server started in-process on port 0, and an HTTP client aimed at it. */
final class RunningServer implements AutoCloseable {
    private static final Duration STARTUP_LIMIT = Duration.ofMinutes(3);

    private final InfergateServer server;
    private final Vertx clientVertx = Vertx.vertx();
    private final WebClient client;

    private RunningServer(InfergateServer server) {
        this.server = server;
        this.client = WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.httpPort()));
    }

    static RunningServer start(Path repository, ModelControlMode mode, List<String> startupModels) {
        return start(repository, mode, startupModels, List.of());
    }

    /** A server with flags of its own besides the test defaults (such as --allow-client-shm=true). */
    static RunningServer start(Path repository, ModelControlMode mode, List<String> startupModels,
            List<String> extraFlags) {
        List<String> args = new ArrayList<>(List.of("--model-repository=" + repository, "--http-port=0",
                "--metrics-port=0", "--http-address=127.0.0.1", "--grpc-port=0", "--grpc-address=127.0.0.1",
                "--exit-on-error=false", "--strict-readiness=false",
                "--model-control-mode=" + mode.name().toLowerCase(java.util.Locale.ROOT)));
        startupModels.forEach(model -> args.add("--load-model=" + model));
        args.addAll(extraFlags);
        ServerOptions options = ServerOptions.fromArgs(args.toArray(String[]::new));
        // Startup loads the models: Python contexts take long on a busy 2-core machine.
        return new RunningServer(await(InfergateServer.start(options), STARTUP_LIMIT));
    }

    static RunningServer serving(Path repository) {
        return start(repository, ModelControlMode.NONE, List.of());
    }

    InfergateServer server() {
        return server;
    }

    HttpResponse<Buffer> get(String path) {
        return await(client.get(path).send());
    }

    /** A gRPC client of the server's gRPC port, on this fixture's client Vert.x. */
    GRPCInferenceServiceGrpcClient grpcClient() {
        return GRPCInferenceServiceGrpcClient.create(GrpcClient.client(clientVertx),
                SocketAddress.inetSocketAddress(server.grpcPort(), "127.0.0.1"));
    }

    /** GET on the metrics port. */
    HttpResponse<Buffer> getMetrics() {
        return await(client.get(server.metricsPort(), "127.0.0.1", "/metrics").send());
    }

    HttpResponse<Buffer> postJson(String path, JsonObject body) {
        return await(client.post(path).sendJsonObject(body));
    }

    HttpResponse<Buffer> postBinary(String path, int headerLength, Buffer body) {
        return postBinary(path, headerLength, body, Duration.ofSeconds(60));
    }

    HttpResponse<Buffer> postBinary(String path, int headerLength, Buffer body, Duration timeout) {
        return await(client.post(path).putHeader("Inference-Header-Content-Length", Integer.toString(headerLength))
                .putHeader("Content-Type", "application/octet-stream").sendBuffer(body), timeout);
    }

    @Override
    public void close() {
        await(server.close());
        await(clientVertx.close());
    }
}
