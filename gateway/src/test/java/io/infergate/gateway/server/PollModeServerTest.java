package io.infergate.gateway.server;

import static io.infergate.testsupport.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole server in poll mode over HTTP: the repository's changes apply, the load API is refused. */
class PollModeServerTest {

    @TempDir
    Path repository;
    private InfergateServer server;
    private Vertx vertx;
    private WebClient client;

    @BeforeEach
    void startServer() throws IOException {
        Files.createDirectories(repository.resolve("echo/1"));
        Files.writeString(repository.resolve("echo/config.pbtxt"), TestServers.ECHO_CONFIG);
        server = TestServers.start(repository, "--model-control-mode=poll", "--repository-poll-secs=1");
        vertx = Vertx.vertx();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.httpPort()));
    }

    @AfterEach
    void stopServer() {
        client.close();
        vertx.close().await();
        server.close().await();
    }

    private HttpResponse<Buffer> post(String path, JsonObject body) {
        return client.post(path).sendJsonObject(body).await();
    }

    @Test
    void loadIsRefusedWith503InTritonsWords() {
        HttpResponse<Buffer> answer = post("/v2/repository/models/echo/load", new JsonObject());
        assertEquals(503, answer.statusCode());
        assertEquals("explicit model load / unload is not allowed if polling is enabled",
                answer.bodyAsJsonObject().getString("error"));
    }

    @Test
    void aModelAddedToTheFolderServesAfterTheNextPoll() throws IOException {
        Files.createDirectories(repository.resolve("late/1"));
        Files.writeString(repository.resolve("late/config.pbtxt"), TestServers.ECHO_CONFIG);
        JsonObject request = new JsonObject().put("inputs", new JsonArray().add(new JsonObject().put("name", "INPUT0")
                .put("datatype", "INT32").put("shape", new JsonArray().add(1).add(1)).put("data", new JsonArray().add(9))));
        HttpResponse<Buffer> answer = eventually("the new model answers",
                () -> post("/v2/models/late/infer", request), response -> response.statusCode() == 200);
        assertEquals(9, answer.bodyAsJsonObject().getJsonArray("outputs").getJsonObject(0).getJsonArray("data")
                .getInteger(0));
    }
}
