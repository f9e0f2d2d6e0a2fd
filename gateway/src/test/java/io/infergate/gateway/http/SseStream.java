package io.infergate.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A test's view of one POST answered as Server-Sent Events, read chunk by chunk as it arrives:
 * the status, the content type, each {@code data:} event as JSON, and how long before the end of
 * the stream the first event was complete.
 */
record SseStream(int status, String contentType, String body, List<JsonObject> events, long firstEventToEndMillis) {

    static Future<SseStream> post(HttpClient http, int port, String path, String json) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                .setURI(path).putHeader("Content-Type", "application/json");
        // read() is a listener of send's own future: it runs on the connection's thread as the
        // headers arrive, before the body; chained after the outer compose it could run on another
        // event loop after a short answer had ended, and setting its handler would then throw
        return http.request(options).compose(request -> request.send(Buffer.buffer(json)).compose(SseStream::read));
    }

    private static Future<SseStream> read(HttpClientResponse response) {
        Promise<SseStream> done = Promise.promise();
        StringBuilder text = new StringBuilder();
        long[] firstEventAt = {-1};
        response.handler(chunk -> {
            text.append(chunk.toString());
            if (firstEventAt[0] < 0 && text.indexOf("\n\n") >= 0) {
                firstEventAt[0] = System.nanoTime();
            }
        });
        response.exceptionHandler(done::tryFail);
        response.endHandler(end -> {
            long gap = firstEventAt[0] < 0 ? 0 : (System.nanoTime() - firstEventAt[0]) / 1_000_000;
            done.tryComplete(new SseStream(response.statusCode(), response.getHeader("Content-Type"),
                    text.toString(), events(text.toString()), gap));
        });
        return done.future();
    }

    /** The events of an SSE body: blocks separated by a blank line, each one "data: {json}" line. */
    private static List<JsonObject> events(String body) {
        List<JsonObject> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.startsWith("data: ")) {
                events.add(new JsonObject(block.substring("data: ".length())));
            }
        }
        return events;
    }
}
