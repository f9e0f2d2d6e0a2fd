package io.infergate.gateway.http;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.Status;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The event stream's error path over a real socket. No example model fails after it has
 * answered, so a route plays the engine's part: it hands a ServerSentEvents sink one response
 * and then a failure, as a decoupled model that fails mid-stream would.
 */
class ServerSentEventsTest {
    private static Vertx vertx;
    private static HttpServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = await(vertx.createHttpServer().requestHandler(request -> {
            ServerSentEvents events = new ServerSentEvents(request);
            if (request.path().equals("/fails-mid-stream")) {
                events.response(response(7));
            }
            events.fail(new InferenceException(Status.INTERNAL, "the model broke"));
        }).listen(0, "127.0.0.1"));
        http = vertx.createHttpClient();
    }

    @AfterAll
    static void stop() {
        await(http.close());
        await(server.close());
        await(vertx.close());
    }

    private static InferenceResponse response(int value) {
        ByteBuffer data = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).flip();
        return new InferenceResponse("", "m", "1", List.of(new Tensor("OUT", DataType.INT32, new long[] {1}, data)),
                Map.of());
    }

    @Test
    void failureAfterAResponseIsAnErrorEventThatEndsTheStream() {
        SseStream stream = await(SseStream.post(http, server.actualPort(), "/fails-mid-stream", "{}"));

        assertEquals(200, stream.status());
        assertEquals(ServerSentEvents.CONTENT_TYPE, stream.contentType());
        assertEquals(List.of(new JsonObject().put("model_name", "m").put("model_version", "1").put("OUT", 7),
                new JsonObject().put("error", "the model broke")), stream.events());
    }

    @Test
    void failureBeforeAnyResponseIsAPlainJsonErrorWithItsStatus() {
        SseStream stream = await(SseStream.post(http, server.actualPort(), "/fails-at-once", "{}"));

        assertEquals(500, stream.status());
        assertEquals("application/json", stream.contentType());
        assertEquals(new JsonObject().put("error", "the model broke"), new JsonObject(stream.body()));
    }
}
