package io.infergate.e2e;

import static io.infergate.testkit.Await.await;

import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.gateway.config.GrpcOptions;
import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.server.InfergateServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.List;

/** A whole server started in-process on port 0, and an HTTP client aimed at it. */
final class RunningServer implements AutoCloseable {
    private final InfergateServer server;
    private final Vertx clientVertx = Vertx.vertx();
    private final WebClient client;

    private RunningServer(InfergateServer server) {
        this.server = server;
        this.client = WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.httpPort()));
    }

    static RunningServer start(Path repository, ModelControlMode mode, List<String> startupModels) {
        ServerOptions options = new ServerOptions(List.of(repository), mode, startupModels, 0, 0, 0, true, true,
                true, false, false, 0, 64L << 20, "infergate", "127.0.0.1",
                GrpcOptions.DEFAULTS.withAddress("127.0.0.1"));
        return new RunningServer(await(InfergateServer.start(options)));
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

    HttpResponse<Buffer> postJson(String path, JsonObject body) {
        return await(client.post(path).sendJsonObject(body));
    }

    HttpResponse<Buffer> postBinary(String path, int headerLength, Buffer body) {
        return await(client.post(path).putHeader("Inference-Header-Content-Length", Integer.toString(headerLength))
                .putHeader("Content-Type", "application/octet-stream").sendBuffer(body));
    }

    @Override
    public void close() {
        await(server.close());
        await(clientVertx.close());
    }
}
