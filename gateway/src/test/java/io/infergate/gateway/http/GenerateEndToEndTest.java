package io.infergate.gateway.http;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.testsupport.Await;
import io.infergate.testsupport.ProjectPaths;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Triton's generate extension over real HTTP on a free port, in front of a LocalEngine serving
 * the shared Triton examples {@code simple} (INT32, ONNX), {@code simple_string} (BYTES, ONNX)
 * and the decoupled {@code repeat_int32}. Streams are read as they arrive with Vert.x's HttpClient.
 */
class GenerateEndToEndTest {
    private static GenerateServer server;

    @BeforeAll
    static void start() {
        server = GenerateServer.start(List.of(ProjectPaths.tritonExamples()),
                List.of("simple", "simple_string", "repeat_int32"), Await.TIMEOUT);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Every test, good or bad, leaves the server live. */
    @AfterEach
    void serverStaysLive() {
        assertEquals(200, await(server.client().get("/v2/health/live").send()).statusCode());
    }

    private static HttpResponse<Buffer> post(String path, String body) {
        return await(server.client().post(path).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body)));
    }

    private static String assertError(HttpResponse<Buffer> response, int status) {
        assertEquals(status, response.statusCode(), response.bodyAsString());
        assertEquals("application/json", response.getHeader("Content-Type"));
        String error = response.bodyAsJsonObject().getString("error");
        assertNotNull(error);
        return error;
    }

    private static JsonArray range(int from) {
        return new JsonArray(IntStream.range(from, from + 16).boxed().toList());
    }

    private static String simpleRequest() {
        return new JsonObject().put("id", "g1").put("INPUT0", range(0)).put("INPUT1", range(1)).encode();
    }

    private static SseStream stream(String path, String body) {
        return server.stream(path, body, Await.TIMEOUT);
    }

    @Test
    void generateOnSimpleAnswersAFlatObjectOfOutputs() {
        HttpResponse<Buffer> response = post("/v2/models/simple/generate", simpleRequest());

        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertEquals("application/json", response.getHeader("Content-Type"));
        JsonObject json = response.bodyAsJsonObject();
        assertEquals("simple", json.getString("model_name"));
        assertEquals("1", json.getString("model_version"));
        assertEquals("g1", json.getString("id"));
        // simple adds and subtracts its inputs: i + (i + 1) and i - (i + 1)
        assertEquals(new JsonArray(IntStream.range(0, 16).map(i -> 2 * i + 1).boxed().toList()),
                json.getJsonArray("OUTPUT0"));
        assertEquals(new JsonArray(IntStream.range(0, 16).map(i -> -1).boxed().toList()),
                json.getJsonArray("OUTPUT1"));
    }

    @Test
    void generateTakesTheVersionFromThePath() {
        HttpResponse<Buffer> response = post("/v2/models/simple/versions/1/generate", simpleRequest());

        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertEquals("1", response.bodyAsJsonObject().getString("model_version"));
    }

    @Test
    void generateOnSimpleStringTakesAndAnswersStrings() {
        JsonArray numbers = new JsonArray(IntStream.range(0, 16).mapToObj(Integer::toString).toList());
        JsonArray threes = new JsonArray(IntStream.range(0, 16).mapToObj(i -> "3").toList());
        String body = new JsonObject().put("INPUT0", numbers).put("INPUT1", threes).encode();

        HttpResponse<Buffer> response = post("/v2/models/simple_string/generate", body);

        assertEquals(200, response.statusCode(), response.bodyAsString());
        JsonObject json = response.bodyAsJsonObject();
        assertFalse(json.containsKey("id"));
        assertEquals(new JsonArray(IntStream.range(0, 16).mapToObj(i -> Integer.toString(i + 3)).toList()),
                json.getJsonArray("OUTPUT0"));
        assertEquals(new JsonArray(IntStream.range(0, 16).mapToObj(i -> Integer.toString(i - 3)).toList()),
                json.getJsonArray("OUTPUT1"));
    }

    @Test
    void generateOnADecoupledModelThatAnswersOnceGivesScalarOutputs() {
        HttpResponse<Buffer> response = post("/v2/models/repeat_int32/generate",
                "{\"IN\": 42, \"DELAY\": 0, \"WAIT\": 0}");

        assertEquals(200, response.statusCode(), response.bodyAsString());
        JsonObject json = response.bodyAsJsonObject();
        assertEquals(42, json.getInteger("OUT"));
        assertEquals(0, json.getInteger("IDX"));
    }

    @Test
    void generateOnADecoupledModelThatAnswersTwiceIsRefused() {
        String error = assertError(post("/v2/models/repeat_int32/generate",
                "{\"IN\": [1, 2], \"DELAY\": [0, 0], \"WAIT\": 0}"), 400);

        assertTrue(error.contains("exactly 1 response"), error);
    }

    @Test
    void inferOnADecoupledModelIsUnsupportedInTritonsWords() {
        String error = assertError(post("/v2/models/repeat_int32/infer", "{\"inputs\": ["
                + "{\"name\": \"IN\", \"datatype\": \"INT32\", \"shape\": [1], \"data\": [1]},"
                + "{\"name\": \"DELAY\", \"datatype\": \"UINT32\", \"shape\": [1], \"data\": [0]},"
                + "{\"name\": \"WAIT\", \"datatype\": \"UINT32\", \"shape\": [1], \"data\": [0]}]}"), 501);

        assertTrue(error.contains("doesn't support models with decoupled transaction policy"), error);
    }

    @Test
    void generateStreamSendsOneEventPerResponseAsTheyComeAndEnds() {
        // the model waits 1.5 s before its last response: the first must reach the client before that
        SseStream stream = stream("/v2/models/repeat_int32/generate_stream",
                "{\"id\": \"s1\", \"IN\": [4, 5, 6], \"DELAY\": [0, 0, 1500], \"WAIT\": 0}");

        assertEquals(200, stream.status());
        assertEquals(ServerSentEvents.CONTENT_TYPE, stream.contentType());
        assertEquals(3, stream.events().size(), stream.events().toString());
        for (int i = 0; i < 3; i++) {
            JsonObject event = stream.events().get(i);
            assertEquals(4 + i, event.getInteger("OUT"));
            assertEquals(i, event.getInteger("IDX"));
            assertEquals("s1", event.getString("id"));
            assertEquals("repeat_int32", event.getString("model_name"));
        }
        assertTrue(stream.firstEventToEndMillis() >= 500,
                "first event only " + stream.firstEventToEndMillis() + " ms before the end of the stream");
    }

    @Test
    void generateStreamDeliversMoreResponsesThanItHoldsBackToAReadingClient() {
        int count = 3 * ServerSentEvents.MAX_UNWRITTEN;
        JsonArray values = new JsonArray(IntStream.range(0, count).boxed().toList());
        JsonArray delays = new JsonArray(IntStream.range(0, count).mapToObj(i -> 0).toList());
        String body = new JsonObject().put("IN", values).put("DELAY", delays).put("WAIT", 0).encode();

        SseStream stream = stream("/v2/models/repeat_int32/generate_stream", body);

        assertEquals(count, stream.events().size());
        assertEquals(count - 1, stream.events().getLast().getInteger("OUT"));
    }

    @Test
    void generateStreamOnANonDecoupledModelSendsOneEvent() {
        SseStream stream = stream("/v2/models/simple/generate_stream", simpleRequest());

        assertEquals(200, stream.status());
        assertEquals(1, stream.events().size(), stream.events().toString());
        assertEquals(31, stream.events().get(0).getJsonArray("OUTPUT0").getInteger(15));
    }

    @Test
    void generateStreamFailingBeforeItsFirstResponseIsAPlainJsonError() {
        SseStream stream = stream("/v2/models/repeat_int32/generate_stream",
                "{\"IN\": [1, 2], \"DELAY\": [0], \"WAIT\": 0}");

        // the engine's status for a model that fails: INTERNAL
        assertEquals(500, stream.status());
        assertEquals("application/json", stream.contentType());
        assertTrue(new JsonObject(stream.body()).getString("error").contains("DELAY"), stream.body());
    }

    @Test
    void generateStreamRefusesBadInputBeforeStreaming() {
        SseStream stream = stream("/v2/models/simple/generate_stream", "{\"INPUT0\": [1, 2, 3]}");

        assertEquals(400, stream.status());
        assertTrue(new JsonObject(stream.body()).getString("error").contains("INPUT0"), stream.body());
    }

    @Test
    void bodyThatIsNotJsonIsRefused() {
        String error = assertError(post("/v2/models/simple/generate", "INPUT0=1"), 400);

        assertTrue(error.contains("failed to parse the request JSON"), error);
    }

    @Test
    void bodyThatIsNotAnObjectIsRefused() {
        String error = assertError(post("/v2/models/simple/generate", "[1, 2]"), 400);

        assertTrue(error.contains("expected a JSON object"), error);
    }

    @Test
    void keyThatIsNeitherAnInputNorAParameterIsRefused() {
        String body = new JsonObject().put("INPUT0", range(0)).put("INPUT1", range(0))
                .put("INPUT2", range(0)).encode();

        String error = assertError(post("/v2/models/simple/generate", body), 400);

        assertTrue(error.contains("'INPUT2'") && error.contains("'simple'"), error);
    }

    @Test
    void valueOfTheWrongTypeForTheDatatypeIsRefused() {
        JsonArray strings = new JsonArray(IntStream.range(0, 16).mapToObj(Integer::toString).toList());
        String body = new JsonObject().put("INPUT0", strings).put("INPUT1", range(0)).encode();

        String error = assertError(post("/v2/models/simple/generate", body), 400);

        assertTrue(error.contains("'INPUT0'") && error.contains("'simple'") && error.contains("INT32"), error);
    }

    @Test
    void arrayThatDoesNotFitTheDimsIsRefused() {
        String body = new JsonObject().put("INPUT0", new JsonArray(List.of(1, 2, 3))).put("INPUT1", range(0))
                .encode();

        String error = assertError(post("/v2/models/simple/generate", body), 400);

        assertTrue(error.contains("'INPUT0'") && error.contains("'simple'") && error.contains("3 values"), error);
    }

    @Test
    void nestedArrayIsRefused() {
        String body = new JsonObject().put("INPUT0", new JsonArray().add(range(0))).put("INPUT1", range(0)).encode();

        String error = assertError(post("/v2/models/simple/generate", body), 400);

        assertTrue(error.contains("flat array"), error);
    }

    @Test
    void missingRequiredInputIsRefused() {
        String error = assertError(post("/v2/models/simple/generate",
                new JsonObject().put("INPUT0", range(0)).encode()), 400);

        assertTrue(error.contains("INPUT1") && error.contains("'simple'"), error);
    }

    @Test
    void unknownModelIsNotFound() {
        assertError(post("/v2/models/no_such_model/generate", simpleRequest()), 404);
    }

    @Test
    void bodyOverTheLimitIsRefused() {
        String body = "{\"INPUT0\": \"" + "x".repeat((int) GenerateServer.BODY_LIMIT) + "\"}";

        String error = assertError(post("/v2/models/simple/generate", body), 400);

        assertTrue(error.contains("exceeds the maximum allowed input size"), error);
    }

    @Test
    void scalarKeyThatIsNoInputGoesToTheModelAsAParameter() {
        // as in Triton: "temperature" means nothing to simple, which answers anyway
        String body = new JsonObject().put("INPUT0", range(0)).put("INPUT1", range(0)).put("temperature", 0.5)
                .encode();

        assertEquals(200, post("/v2/models/simple/generate", body).statusCode());
    }

    @Test
    void scalarKeyIsCheckedLikeAnyRequestParameter() {
        String body = new JsonObject().put("INPUT0", range(0)).put("INPUT1", range(0)).put("priority", "high")
                .encode();

        String error = assertError(post("/v2/models/simple/generate", body), 400);

        assertTrue(error.contains("priority"), error);
    }
}
