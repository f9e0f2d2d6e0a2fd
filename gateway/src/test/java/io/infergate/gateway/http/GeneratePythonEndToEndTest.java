package io.infergate.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.testsupport.Await;
import io.infergate.testsupport.ProjectPaths;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generate on Python models over real HTTP: the project's examples {@code python_add_sub} and the
 * decoupled {@code python_repeat}, and a decoupled model that fails after its first answer, which
 * is how a stream gets its error event.
 */
class GeneratePythonEndToEndTest {
    /** Python models start an interpreter when they load: longer than Await's default. */
    private static final Duration PYTHON_LOAD = Duration.ofSeconds(180);
    private static final String FAILS_AFTER_ONE = """
            import triton_python_backend_utils as pb_utils

            class TritonPythonModel:
                def execute(self, requests):
                    for request in requests:
                        sender = request.get_response_sender()
                        value = pb_utils.get_input_tensor_by_name(request, "IN").as_list()[0]
                        sender.send(pb_utils.InferenceResponse(
                            output_tensors=[pb_utils.Tensor.from_list("OUT", [value], "INT32")]))
                        sender.send(pb_utils.InferenceResponse(
                            error=pb_utils.TritonError("gave up after one answer", pb_utils.TritonError.UNAVAILABLE)))
                    return None
            """;

    @TempDir
    static Path repo;
    private static GenerateServer server;

    @BeforeAll
    static void start() throws IOException {
        Path model = Files.createDirectories(repo.resolve("fails_after_one").resolve("1"));
        Files.writeString(model.resolve("model.py"), FAILS_AFTER_ONE);
        Files.writeString(model.getParent().resolve("config.pbtxt"), """
                backend: "python"
                max_batch_size: 0
                model_transaction_policy { decoupled: true }
                input [ { name: "IN", data_type: TYPE_INT32, dims: [ 1 ] } ]
                output [ { name: "OUT", data_type: TYPE_INT32, dims: [ 1 ] } ]
                """);
        server = GenerateServer.start(List.of(repo, ProjectPaths.examples()),
                List.of("python_add_sub", "python_repeat", "fails_after_one"), PYTHON_LOAD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static SseStream stream(String path, String body) {
        return server.stream(path, body, PYTHON_LOAD);
    }

    @Test
    void generateOnPythonAddSubAnswersItsOutputs() {
        JsonArray ones = new JsonArray(IntStream.range(0, 16).mapToObj(i -> 1).toList());
        JsonArray counting = new JsonArray(IntStream.range(0, 16).boxed().toList());
        String body = new JsonObject().put("INPUT0", counting).put("INPUT1", ones).encode();

        HttpResponse<Buffer> response = Await.await(server.client().post("/v2/models/python_add_sub/generate")
                .sendBuffer(Buffer.buffer(body)), PYTHON_LOAD);

        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertEquals(new JsonArray(IntStream.range(0, 16).map(i -> i + 1).boxed().toList()),
                response.bodyAsJsonObject().getJsonArray("OUTPUT0"));
    }

    @Test
    void generateStreamOnPythonRepeatSendsEachResponse() {
        SseStream stream = stream("/v2/models/python_repeat/generate_stream",
                "{\"IN\": [3, 2, 1], \"DELAY\": [0, 0, 0]}");

        assertEquals(200, stream.status());
        assertEquals(List.of(3, 2, 1), stream.events().stream().map(e -> e.getInteger("OUT")).toList());
    }

    @Test
    void generateStreamSendsAFailureAfterTheFirstResponseAsAnErrorEventAndEnds() {
        SseStream stream = stream("/v2/models/fails_after_one/generate_stream", "{\"IN\": 5}");

        assertEquals(200, stream.status());
        assertEquals(ServerSentEvents.CONTENT_TYPE, stream.contentType());
        assertEquals(2, stream.events().size(), stream.body());
        assertEquals(5, stream.events().get(0).getInteger("OUT"));
        assertEquals(new JsonObject().put("error", "gave up after one answer"), stream.events().get(1));
    }
}
