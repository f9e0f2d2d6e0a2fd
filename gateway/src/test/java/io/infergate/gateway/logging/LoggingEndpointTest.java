package io.infergate.gateway.logging;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.server.InfergateServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET/POST /v2/logging} over real sockets on a whole server started with {@code --log-dir}. */
class LoggingEndpointTest {
    private static final Logger LOG = Logger.getLogger("io.infergate.test.LoggingEndpointTest");

    @TempDir
    Path logs;
    private final Vertx vertx = Vertx.vertx();
    private InfergateServer server;
    private WebClient client;

    @BeforeEach
    void start() {
        server = await(InfergateServer.start(ServerOptions.fromArgs("--model-control-mode=explicit", "--http-port=0",
                "--allow-grpc=false", "--allow-metrics=false", "--http-address=127.0.0.1", "--log-dir=" + logs)));
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.httpPort()));
    }

    @AfterEach
    void stop() {
        await(server.close());
        await(vertx.close());
        ServerLog.process().configure(LogSettings.DEFAULTS, Optional.empty());
    }

    private HttpResponse<Buffer> post(String body) {
        return await(client.post("/v2/logging").putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body)));
    }

    private void assertBadRequest(String body, String message) {
        HttpResponse<Buffer> response = post(body);
        assertEquals(400, response.statusCode(), response.bodyAsString());
        assertTrue(response.bodyAsJsonObject().getString("error").contains(message), response.bodyAsString());
    }

    @Test
    void getAnswersTritonsDefaults() {
        HttpResponse<Buffer> response = await(client.get("/v2/logging").send());
        assertEquals(200, response.statusCode());
        assertEquals(new JsonObject().put("log_file", "").put("log_info", true).put("log_warning", true)
                .put("log_error", true).put("log_verbose_level", 0).put("log_format", "default"),
                response.bodyAsJsonObject());
    }

    @Test
    void postChangesTheNamedSettingsAndAnswersThemAll() {
        HttpResponse<Buffer> response = post("{\"log_verbose_level\": 1, \"log_format\": \"ISO8601\"}");
        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertEquals(1, response.bodyAsJsonObject().getInteger("log_verbose_level"));
        assertEquals("ISO8601", response.bodyAsJsonObject().getString("log_format"));
        assertEquals(true, response.bodyAsJsonObject().getBoolean("log_info"));
        assertEquals(response.bodyAsJsonObject(), await(client.get("/v2/logging").send()).bodyAsJsonObject());
    }

    @Test
    void aFileInTheLogFolderReceivesTheServersRecordsAtOnce() throws Exception {
        assertEquals(200, post("{\"log_file\": \"server.log\", \"log_info\": false}").statusCode());
        LOG.info("not wanted");
        LOG.warning("wanted");
        String text = Files.readString(logs.resolve("server.log"));
        assertTrue(text.contains("LoggingEndpointTest] wanted"), text);
        assertFalse(text.contains("not wanted"), text);
    }

    @Test
    void aFileOutsideTheLogFolderIsRefused() {
        assertBadRequest("{\"log_file\": \"../outside.log\"}", "outside the log folder");
        assertBadRequest("{\"log_file\": \"/tmp/infergate-anywhere.log\"}", "outside the log folder");
        assertFalse(Files.exists(logs.resolveSibling("outside.log")));
        assertEquals("", await(client.get("/v2/logging").send()).bodyAsJsonObject().getString("log_file"));
    }

    @Test
    void badValuesAreRefusedAndNothingChanges() {
        assertBadRequest("{\"log_info\": \"yes\"}", "log setting 'log_info' must be a boolean");
        assertBadRequest("{\"log_verbose_level\": -1}", "log_verbose_level' must be a whole number");
        assertBadRequest("{\"log_verbose_level\": 1.5}", "log_verbose_level' must be a whole number");
        assertBadRequest("{\"log_format\": \"xml\"}", "must be 'default' or 'ISO8601'");
        assertBadRequest("{\"log_colour\": true}", "unknown log setting 'log_colour'");
        assertBadRequest("{\"log_verbose_level\": 2, \"log_warning\": null}", "'log_warning' must be a boolean");
        assertBadRequest(new JsonArray().add(1).encode(), "");
        assertBadRequest("{not json", "");
        assertEquals(LogSettings.DEFAULTS.asMap(), await(client.get("/v2/logging").send()).bodyAsJsonObject().getMap());
    }

    @Test
    void anEmptyPostChangesNothing() {
        HttpResponse<Buffer> response = post("");
        assertEquals(200, response.statusCode());
        assertEquals(LogSettings.DEFAULTS.asMap(), response.bodyAsJsonObject().getMap());
    }

    @Test
    void serverMetadataListsTheLoggingExtension() {
        JsonArray extensions = await(client.get("/v2").send()).bodyAsJsonObject().getJsonArray("extensions");
        assertEquals("logging", extensions.getString(extensions.size() - 1));
    }
}
