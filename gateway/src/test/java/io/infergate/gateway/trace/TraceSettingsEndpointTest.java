package io.infergate.gateway.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET/POST /v2[/models/M]/trace/setting} over real sockets, on a server started with --trace-dir. */
class TraceSettingsEndpointTest {
    private static final String GLOBAL = "/v2/trace/setting";
    private static final String MODEL = "/v2/models/id/trace/setting";

    @TempDir
    Path repository;
    @TempDir
    Path traces;
    private TraceTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TraceTestServer(repository, "--trace-dir=" + traces);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonObject ok(HttpResponse<Buffer> response) {
        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertEquals("application/json", response.getHeader("Content-Type"));
        return response.bodyAsJsonObject();
    }

    private void assertBadRequest(String path, String body, String message) {
        HttpResponse<Buffer> response = server.postSettings(path, body);
        assertEquals(400, response.statusCode(), response.bodyAsString());
        String error = response.bodyAsJsonObject().getString("error");
        assertTrue(error.contains(message), error);
    }

    @Test
    void getAnswersTritonsDefaultsAsStrings() {
        assertEquals(new JsonObject().put("trace_level", new JsonArray().add("OFF")).put("trace_rate", "1000")
                .put("trace_count", "-1").put("log_frequency", "0").put("trace_file", "").put("trace_mode", "triton"),
                ok(server.getSettings(GLOBAL)));
    }

    @Test
    void postChangesTheNamedGlobalSettingsAndAnswersThemAll() {
        JsonObject settings = ok(server.postSettings(GLOBAL,
                "{\"trace_level\": [\"TIMESTAMPS\", \"TENSORS\"], \"trace_rate\": \"5\", \"trace_file\": \"t.json\"}"));
        assertEquals(new JsonArray().add("TIMESTAMPS").add("TENSORS"), settings.getJsonArray("trace_level"));
        assertEquals("5", settings.getString("trace_rate"));
        assertEquals(traces.resolve("t.json").toAbsolutePath().normalize().toString(),
                settings.getString("trace_file"));
        assertEquals("-1", settings.getString("trace_count"));
        assertEquals(settings, ok(server.getSettings(GLOBAL)));
    }

    @Test
    void aModelsOwnSettingsLeaveTheOthersToTheGlobalOnes() {
        ok(server.postSettings(MODEL, "{\"trace_rate\": \"7\"}"));
        ok(server.postSettings(GLOBAL, "{\"trace_count\": \"3\", \"trace_rate\": \"2\"}"));
        JsonObject model = ok(server.getSettings(MODEL));
        assertEquals("7", model.getString("trace_rate"));
        assertEquals("3", model.getString("trace_count"), "a field the model leaves unset follows the global one");
        assertEquals("2", ok(server.getSettings(GLOBAL)).getString("trace_rate"));
        assertEquals("2", ok(server.getSettings("/v2/models/ens/trace/setting")).getString("trace_rate"));
    }

    @Test
    void nullClearsAModelsSettingBackToTheGlobalOne() {
        ok(server.postSettings(MODEL, "{\"trace_rate\": \"7\", \"trace_level\": [\"TIMESTAMPS\"]}"));
        JsonObject cleared = ok(server.postSettings(MODEL, "{\"trace_rate\": null}"));
        assertEquals("1000", cleared.getString("trace_rate"));
        assertEquals(new JsonArray().add("TIMESTAMPS"), cleared.getJsonArray("trace_level"));
    }

    @Test
    void anEmptyPostForAModelDropsItsOwnSettings() {
        ok(server.postSettings(MODEL, "{\"trace_rate\": \"7\", \"trace_level\": [\"TIMESTAMPS\"]}"));
        assertEquals(ok(server.getSettings(GLOBAL)), ok(server.postSettings(MODEL, "{}")));
    }

    @Test
    void nullClearsAGlobalSettingBackToItsStartupValue() {
        ok(server.postSettings(GLOBAL, "{\"log_frequency\": \"9\"}"));
        assertEquals("0", ok(server.postSettings(GLOBAL, "{\"log_frequency\": null}")).getString("log_frequency"));
    }

    @Test
    void aModelThatIsNotReadyIsRefused() {
        HttpResponse<Buffer> get = server.getSettings("/v2/models/nope/trace/setting");
        assertEquals(400, get.statusCode());
        assertEquals("Request for unknown model : nope", get.bodyAsJsonObject().getString("error"));
        assertBadRequest("/v2/models/nope/trace/setting", "{\"trace_rate\": \"1\"}", "unknown model : nope");
    }

    @Test
    void badValuesAreRefusedAndNothingChanges() {
        JsonObject before = ok(server.getSettings(GLOBAL));
        assertBadRequest(GLOBAL, "{\"trace_level\": [\"EVERYTHING\"]}", "unknown trace level 'EVERYTHING'");
        assertBadRequest(GLOBAL, "{\"trace_level\": [\"OFF\", \"TIMESTAMPS\"]}", "OFF only alone");
        assertBadRequest(GLOBAL, "{\"trace_level\": \"TIMESTAMPS\"}", "must be a list of levels");
        assertBadRequest(GLOBAL, "{\"trace_level\": []}", "must be a list of levels");
        assertBadRequest(GLOBAL, "{\"trace_rate\": \"-1\"}", "'trace_rate' must be a whole number from 1");
        assertBadRequest(GLOBAL, "{\"trace_rate\": \"0\"}", "'trace_rate' must be a whole number from 1");
        assertBadRequest(GLOBAL, "{\"trace_rate\": \"often\"}", "'trace_rate' must be a whole number from 1");
        assertBadRequest(GLOBAL, "{\"trace_rate\": 5}", "'trace_rate' must be a string");
        assertBadRequest(GLOBAL, "{\"trace_rate\": \"99999999999\"}", "'trace_rate' must be a whole number");
        assertBadRequest(GLOBAL, "{\"trace_count\": \"-2\"}", "'trace_count' must be a whole number from -1");
        assertBadRequest(GLOBAL, "{\"log_frequency\": \"-1\"}", "'log_frequency' must be a whole number from 0");
        assertBadRequest(GLOBAL, "{\"trace_mode\": \"opentelemetry\"}", "chosen at start-up");
        assertBadRequest(GLOBAL, "{\"trace_colour\": \"red\"}", "unknown trace setting 'trace_colour'");
        assertBadRequest(GLOBAL, "{\"trace_rate\": \"3\", \"trace_count\": \"x\"}", "'trace_count'");
        assertBadRequest(GLOBAL, "[1]", "");
        assertBadRequest(GLOBAL, "{not json", "");
        assertEquals(before, ok(server.getSettings(GLOBAL)));
    }

    @Test
    void aTraceFileOutsideTheTraceFolderIsRefused() {
        assertBadRequest(GLOBAL, "{\"trace_file\": \"../outside.json\"}", "outside the trace folder");
        assertBadRequest(GLOBAL, "{\"trace_file\": \"/tmp/infergate-anywhere.json\"}", "outside the trace folder");
        assertBadRequest(MODEL, "{\"trace_file\": \"missing/t.json\"}", "its folder does not exist");
        assertFalse(Files.exists(traces.resolveSibling("outside.json")));
        assertEquals("", ok(server.getSettings(GLOBAL)).getString("trace_file"));
    }

    @Test
    void serverMetadataListsTheTraceExtension() {
        JsonArray extensions = server.getSettings("/v2").bodyAsJsonObject().getJsonArray("extensions");
        assertTrue(extensions.contains("trace"), extensions.encode());
    }
}
