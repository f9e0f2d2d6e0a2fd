package io.infergate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.testsupport.ProjectPaths;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Triton's own example repository, loaded unchanged from ../shared. */
class TritonExamplesTest {
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.serving(ProjectPaths.tritonExamples());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject input(String name, String datatype, JsonArray data) {
        return new JsonObject().put("name", name).put("datatype", datatype)
                .put("shape", new JsonArray().add(1).add(16)).put("data", data);
    }

    private static JsonArray numbers(int from) {
        return new JsonArray(IntStream.range(from, from + 16).boxed().map(Object.class::cast).toList());
    }

    private static JsonObject infer(String model, JsonObject in0, JsonObject in1) {
        HttpResponse<Buffer> response = server.postJson("/v2/models/" + model + "/infer",
                new JsonObject().put("inputs", new JsonArray().add(in0).add(in1)));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static JsonArray output(JsonObject response, String name) {
        return response.getJsonArray("outputs").stream().map(JsonObject.class::cast)
                .filter(o -> o.getString("name").equals(name)).findFirst().orElseThrow().getJsonArray("data");
    }

    private static String state(String model) {
        JsonArray index = server.postJson("/v2/repository/index", new JsonObject()).bodyAsJsonArray();
        return index.stream().map(JsonObject.class::cast).filter(e -> e.getString("name").equals(model))
                .map(e -> e.getString("state")).findFirst().orElse("ABSENT");
    }

    @Test
    void simpleAddsAndSubtracts() {
        JsonObject response = infer("simple", input("INPUT0", "INT32", numbers(0)), input("INPUT1", "INT32", numbers(1)));
        assertEquals(numbers(0).stream().map(n -> 2 * (Integer) n + 1).toList(), output(response, "OUTPUT0").getList());
        assertEquals(IntStream.range(0, 16).mapToObj(i -> -1).toList(), output(response, "OUTPUT1").getList());
    }

    @Test
    void simpleInt8AddsAndSubtracts() {
        JsonObject response = infer("simple_int8", input("INPUT0", "INT8", numbers(10)),
                input("INPUT1", "INT8", numbers(0)));
        assertEquals(IntStream.range(0, 16).mapToObj(i -> 10 + 2 * i).toList(), output(response, "OUTPUT0").getList());
        assertEquals(IntStream.range(0, 16).mapToObj(i -> 10).toList(), output(response, "OUTPUT1").getList());
    }

    @Test
    void simpleStringAddsDecimalStrings() {
        JsonArray left = new JsonArray(IntStream.range(0, 16).mapToObj(Integer::toString).map(Object.class::cast).toList());
        JsonArray right = new JsonArray(IntStream.range(0, 16).mapToObj(i -> "1").map(Object.class::cast).toList());
        JsonObject response = infer("simple_string", input("INPUT0", "BYTES", left), input("INPUT1", "BYTES", right));
        assertEquals(IntStream.range(0, 16).mapToObj(i -> Integer.toString(i + 1)).toList(),
                output(response, "OUTPUT0").getList());
        assertEquals(IntStream.range(0, 16).mapToObj(i -> Integer.toString(i - 1)).toList(),
                output(response, "OUTPUT1").getList());
    }

    @Test
    void densenetWithoutWeightsIsUnavailableWithAReason() {
        JsonObject entry = server.postJson("/v2/repository/index", new JsonObject()).bodyAsJsonArray().stream()
                .map(JsonObject.class::cast).filter(e -> e.getString("name").equals("densenet_onnx")).findFirst()
                .orElseThrow();
        assertEquals("UNAVAILABLE", entry.getString("state"));
        assertFalse(entry.getString("reason", "").isEmpty());
    }

    @Test
    void sequenceExamplesLoad() {
        for (String model : new String[] {"simple_sequence", "simple_dyna_sequence", "simple_string_dyna_sequence"}) {
            assertEquals("READY", state(model), model);
        }
    }

    @Test
    void decoupledExamplesLoadWithTheBuiltInBackends() {
        assertEquals("READY", state("repeat_int32"));
        assertEquals("READY", state("square_int32"));
    }

    @Test
    void customIdentityServesThroughTheBuiltInBackend() {
        assertEquals("READY", state("custom_identity_int32"));
        HttpResponse<Buffer> response = server.postJson("/v2/models/custom_identity_int32/infer", new JsonObject()
                .put("inputs", new JsonArray().add(new JsonObject().put("name", "INPUT0").put("datatype", "INT32")
                        .put("shape", new JsonArray().add(1).add(3)).put("data", new JsonArray().add(7).add(8).add(9)))));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertEquals(new JsonArray().add(7).add(8).add(9), output(response.bodyAsJsonObject(), "OUTPUT0"));
    }

    @Test
    void unavailableModelAnswersUnknownModel() {
        HttpResponse<Buffer> response = server.postJson("/v2/models/densenet_onnx/infer",
                new JsonObject().put("inputs", new JsonArray()));
        assertEquals(404, response.statusCode());
        assertTrue(response.bodyAsJsonObject().getString("error").startsWith("Request for unknown model"));
    }
}
