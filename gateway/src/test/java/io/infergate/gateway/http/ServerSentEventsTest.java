package io.infergate.gateway.http;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.Status;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The event stream's error paths over a real socket. A route plays the engine's part: it hands a
 * ServerSentEvents sink responses and failures as a decoupled model would, one per event-loop
 * turn as the engine delivers them.
 */
class ServerSentEventsTest {
    /** Far more events than the client's and the server's socket buffers hold together. */
    private static final int FLOOD = 1_000_000;

    private static Vertx vertx;
    private static HttpServer server;
    private static HttpClient http;
    private static Promise<Integer> flooded;
    private static Cancellation floodCancellation;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = await(vertx.createHttpServer().requestHandler(request -> {
            Cancellation cancellation = Cancellation.create();
            ServerSentEvents events = new ServerSentEvents(request, cancellation, null);
            switch (request.path()) {
                case "/flood" -> {
                    floodCancellation = cancellation;
                    flood(request, events, 0);
                }
                case "/fails-mid-stream" -> {
                    events.response(response(7));
                    events.fail(new InferenceException(Status.INTERNAL, "the model broke"));
                }
                default -> events.fail(new InferenceException(Status.INTERNAL, "the model broke"));
            }
        }).listen(0, "127.0.0.1"));
        http = vertx.createHttpClient();
    }

    /** One response per event-loop turn until the stream ends or FLOOD were sent. */
    private static void flood(HttpServerRequest request, ServerSentEvents events, int sent) {
        if (request.response().ended() || sent == FLOOD) {
            flooded.complete(sent);
            return;
        }
        events.response(response(sent));
        vertx.runOnContext(next -> flood(request, events, sent + 1));
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
    void clientThatStopsReadingHasItsRequestCancelledAndItsStreamEnded() {
        flooded = Promise.promise();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                .setPort(server.actualPort()).setURI("/flood");
        HttpClientResponse response = await(http.request(options).compose(request -> request.send()));
        response.pause();
        int sent = await(flooded.future());

        StringBuilder body = new StringBuilder();
        response.handler(chunk -> body.append(chunk));
        Promise<Void> ended = Promise.promise();
        response.endHandler(ended::complete);
        response.resume();
        await(ended.future());

        assertTrue(sent < FLOOD, "the stream never ended");
        assertTrue(floodCancellation.isCancelled());
        String last = body.substring(body.lastIndexOf("data: ")).trim();
        assertEquals("data: " + new JsonObject().put("error", "more than " + ServerSentEvents.MAX_UNWRITTEN
                + " responses wait for a client that does not read them").encode(), last);
    }

    @Test
    void failureBeforeAnyResponseIsAPlainJsonErrorWithItsStatus() {
        SseStream stream = await(SseStream.post(http, server.actualPort(), "/fails-at-once", "{}"));

        assertEquals(500, stream.status());
        assertEquals("application/json", stream.contentType());
        assertEquals(new JsonObject().put("error", "the model broke"), new JsonObject(stream.body()));
    }
}
