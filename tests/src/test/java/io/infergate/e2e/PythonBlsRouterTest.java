package io.infergate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.testsupport.ProjectPaths;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** examples/model_repository/python_bls_router: a Python BLS model picking one of two ONNX models by a request parameter. */
class PythonBlsRouterTest {
    private static final List<Integer> LEFT = IntStream.range(10, 26).boxed().toList();
    private static final List<Integer> RIGHT = IntStream.range(0, 16).map(i -> 3).boxed().toList();
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start(ProjectPaths.examples(), ModelControlMode.EXPLICIT,
                List.of("simple", "simple_sub_add", "python_bls_router"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject input(String name, List<Integer> values) {
        return new JsonObject().put("name", name).put("datatype", "INT32").put("shape", new JsonArray().add(1).add(16))
                .put("data", new JsonArray(List.copyOf(values)));
    }

    private static HttpResponse<Buffer> infer(JsonObject parameters) {
        return server.postJson("/v2/models/python_bls_router/infer", new JsonObject().put("parameters", parameters)
                .put("inputs", new JsonArray().add(input("INPUT0", LEFT)).add(input("INPUT1", RIGHT))));
    }

    private static List<Object> output(HttpResponse<Buffer> response, String name) {
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getJsonArray("outputs").stream().map(JsonObject.class::cast)
                .filter(o -> o.getString("name").equals(name)).findFirst().orElseThrow().getJsonArray("data").getList();
    }

    private static List<Object> sums() {
        return IntStream.range(0, 16).mapToObj(i -> (Object) (LEFT.get(i) + 3)).toList();
    }

    private static List<Object> differences() {
        return IntStream.range(0, 16).mapToObj(i -> (Object) (LEFT.get(i) - 3)).toList();
    }

    @Test
    void routeAddSubRunsSimple() {
        HttpResponse<Buffer> response = infer(new JsonObject().put("route", "add_sub"));
        assertEquals(sums(), output(response, "OUTPUT0"));
        assertEquals(differences(), output(response, "OUTPUT1"));
    }

    @Test
    void routeSubAddRunsSimpleSubAdd() {
        HttpResponse<Buffer> response = infer(new JsonObject().put("route", "sub_add"));
        assertEquals(differences(), output(response, "OUTPUT0"));
        assertEquals(sums(), output(response, "OUTPUT1"));
    }

    @Test
    void noRouteDefaultsToAddSub() {
        assertEquals(sums(), output(infer(new JsonObject()), "OUTPUT0"));
    }

    @Test
    void unknownRouteIsABadRequestNamingTheChoices() {
        HttpResponse<Buffer> response = infer(new JsonObject().put("route", "mul"));
        assertEquals(400, response.statusCode(), response.bodyAsString());
        String error = response.bodyAsJsonObject().getString("error");
        assertTrue(error.contains("add_sub") && error.contains("'mul'"), error);
    }

    @Test
    void bothOnnxModelsCountTheCallsMadeThroughBls() {
        infer(new JsonObject().put("route", "sub_add"));
        JsonObject stats = server.get("/v2/models/simple_sub_add/stats").bodyAsJsonObject();
        long successes = stats.getJsonArray("model_stats").getJsonObject(0).getJsonObject("inference_stats")
                .getJsonObject("success").getLong("count");
        assertTrue(successes >= 1, stats.encode());
    }
}
