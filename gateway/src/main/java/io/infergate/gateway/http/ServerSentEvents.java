package io.infergate.gateway.http;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ResponseSink;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * {@code generate_stream}'s answer: each response of the model as one Server-Sent Event
 * ({@code data: {...}} and a blank line), the stream ended after the final one. The status and
 * headers go with the first response, so a request that fails before it is answered as a plain
 * JSON error with its status code; one that fails later gets an {@code {"error": "..."}} event,
 * and the stream ends there.
 */
final class ServerSentEvents implements ResponseSink {
    static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";

    private final HttpServerRequest request;
    private boolean started;

    ServerSentEvents(HttpServerRequest request) {
        this.request = request;
    }

    @Override
    public void response(InferenceResponse response) {
        if (open()) {
            start().write(event(GenerateResponseEncoder.encode(response)));
        }
    }

    @Override
    public void complete() {
        if (open()) {
            start().end();
        }
    }

    @Override
    public void fail(InferenceException error) {
        if (!started) {
            ErrorResponses.send(request, error);
        } else if (open()) {
            request.response().end(event(new JsonObject().put("error", error.getMessage()).encode()));
        }
    }

    /** Whether the client is still there to read. */
    private boolean open() {
        HttpServerResponse response = request.response();
        return !response.ended() && !response.closed();
    }

    private HttpServerResponse start() {
        HttpServerResponse response = request.response();
        if (!started) {
            started = true;
            response.setStatusCode(200).setChunked(true)
                    .putHeader("Content-Type", CONTENT_TYPE)
                    // an event stream must reach the client as it is written, not cached
                    .putHeader("Cache-Control", "no-cache");
        }
        return response;
    }

    static String event(String json) {
        return "data: " + json + "\n\n";
    }
}
