package io.infergate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.testsupport.ProjectPaths;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Triton's sequence examples over HTTP, as its sequence clients drive them. */
class TritonSequenceExamplesTest {
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.serving(ProjectPaths.tritonExamples());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<Buffer> send(String model, Object id, boolean start, boolean end, int value) {
        JsonObject parameters = new JsonObject().put("sequence_id", id).put("sequence_start", start)
                .put("sequence_end", end);
        JsonObject input = new JsonObject().put("name", "INPUT").put("datatype", "INT32")
                .put("shape", new JsonArray().add(1).add(1)).put("data", new JsonArray().add(value));
        return server.postJson("/v2/models/" + model + "/infer",
                new JsonObject().put("inputs", new JsonArray().add(input)).put("parameters", parameters));
    }

    private static int step(String model, Object id, boolean start, boolean end, int value) {
        HttpResponse<Buffer> response = send(model, id, start, end, value);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getJsonArray("outputs").getJsonObject(0).getJsonArray("data").getInteger(0);
    }

    @Test
    void simpleSequenceAddsStartAndIsReady() {
        // OUTPUT = (INPUT + START) x READY
        assertEquals(11, step("simple_sequence", 1001, true, false, 10));
        assertEquals(20, step("simple_sequence", 1001, false, false, 20));
        assertEquals(30, step("simple_sequence", 1001, false, true, 30));
    }

    @Test
    void simpleSequenceTakesUuidCorrelationIds() {
        String id = UUID.randomUUID().toString();
        assertEquals(3, step("simple_sequence", id, true, false, 2));
        assertEquals(5, step("simple_sequence", id, false, true, 5));
    }

    @Test
    void simpleDynaSequenceSeesEndAndCorrelationId() {
        // OUTPUT = (INPUT + START + END x CORRID) x READY
        assertEquals(8, step("simple_dyna_sequence", 2002, true, false, 7));
        assertEquals(4, step("simple_dyna_sequence", 2002, false, false, 4));
        assertEquals(2002 + 9, step("simple_dyna_sequence", 2002, false, true, 9));
    }

    @Test
    void simpleStringDynaSequenceAccumulatesPerStringId() {
        assertEquals(3, step("simple_string_dyna_sequence", "3003", true, false, 3));
        assertEquals(3, step("simple_string_dyna_sequence", "4004", true, false, 3));
        assertEquals(8, step("simple_string_dyna_sequence", "3003", false, false, 5));
        assertEquals(8 + 1 + 3003, step("simple_string_dyna_sequence", "3003", false, true, 1));
        assertEquals(3 + 4004, step("simple_string_dyna_sequence", "4004", false, true, 0));
    }

    @Test
    void endWithoutStartIsABadRequest() {
        HttpResponse<Buffer> response = send("simple_dyna_sequence", 999_999, false, true, 1);
        assertEquals(400, response.statusCode());
        assertTrue(response.bodyAsJsonObject().getString("error")
                .contains("must specify the START flag on the first request of the sequence"), response.bodyAsString());
    }

    @Test
    void aStringIdForAnIntegerCorridIsABadRequest() {
        HttpResponse<Buffer> response = send("simple_dyna_sequence", "not-a-number", true, false, 1);
        assertEquals(400, response.statusCode());
        assertTrue(response.bodyAsJsonObject().getString("error").contains("integer correlation ids"),
                response.bodyAsString());
    }
}
