package io.infergate.gateway.http;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.trace.RequestTrace;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * {@code generate_stream}'s answer: each response of the model as one Server-Sent Event
 * ({@code data: {...}} and a blank line), the stream ended after the final one. The status and
 * headers go with the first response, so a request that fails before it is answered as a plain
 * JSON error with its status code; one that fails later gets an {@code {"error": "..."}} event,
 * and the stream ends there. A client that stops reading while the model keeps answering would
 * make the server hold every response: past {@link #MAX_UNWRITTEN} unwritten events the request
 * is cancelled and the stream ends with an error event. A traced request marks each event's
 * sending and ends its trace with the stream.
 */
final class ServerSentEvents implements ResponseSink {
    static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";
    static final int MAX_UNWRITTEN = 1024;

    private final HttpServerRequest request;
    private final Cancellation cancellation;
    private final RequestTrace trace;
    private boolean started;
    private int unwritten;

    /** @param trace the request's trace, null when it is not traced */
    ServerSentEvents(HttpServerRequest request, Cancellation cancellation, RequestTrace trace) {
        this.request = request;
        this.cancellation = cancellation;
        this.trace = trace;
    }

    @Override
    public void response(InferenceResponse response) {
        if (!open()) {
            return;
        }
        if (unwritten >= MAX_UNWRITTEN) {
            cancellation.cancel();
            endWithError("more than " + MAX_UNWRITTEN + " responses wait for a client that does not read them");
            return;
        }
        String json;
        try {
            json = GenerateResponseEncoder.encode(response);
        } catch (RuntimeException e) {
            cancellation.cancel();
            fail(InferenceException.of(e));
            return;
        }
        unwritten++;
        HttpTraces.write(start(), event(json), trace).onComplete(written -> unwritten--);
    }

    @Override
    public void complete() {
        if (!open()) {
            HttpTraces.end(trace);
        } else if (trace == null) {
            start().end();
        } else {
            start().end().onComplete(ended -> trace.end());
        }
    }

    @Override
    public void fail(InferenceException error) {
        if (!started) {
            ErrorResponses.send(request, error);
        } else if (open()) {
            endWithError(error.getMessage());
        }
        HttpTraces.end(trace);
    }

    private void endWithError(String message) {
        request.response().end(event(new JsonObject().put("error", message).encode()));
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
