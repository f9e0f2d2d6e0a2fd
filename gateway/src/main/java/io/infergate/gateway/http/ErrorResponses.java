package io.infergate.gateway.http;

import io.infergate.engine.api.InferenceException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;

/** Every failure leaves as Triton's {@code {"error": "..."}} with the status the engine's Status maps to. */
final class ErrorResponses {
    /** HTTP/2's error code for a reset that is not an error. */
    private static final long NO_ERROR = 0;

    private ErrorResponses() {
    }

    static void send(HttpServerRequest request, Throwable failure) {
        InferenceException e = InferenceException.of(failure);
        send(request, e.status().httpStatus(), e.getMessage(), failure instanceof BodyLimit.AbandonedBody);
    }

    static void send(HttpServerRequest request, int status, String message) {
        send(request, status, message, false);
    }

    /**
     * Answers without reading the request's body: over HTTP/1.x the connection is closed if a body
     * was on its way (it would be read as the next request), over HTTP/2 the request's stream is reset.
     */
    static void sendUnread(HttpServerRequest request, int status, String message) {
        send(request, status, message, true);
    }

    private static void send(HttpServerRequest request, int status, String message, boolean bodyAbandoned) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json");
        // A body we stopped reading (too large) would otherwise be parsed as the next request on an
        // HTTP/1.x connection: answer, then close it. HTTP/2 has no Connection header; there the
        // stream alone is reset once answered (RST_STREAM NO_ERROR, RFC 9113 8.1), which tells the
        // client to stop sending it while its other streams go on.
        boolean unread = bodyAbandoned && !request.isEnded();
        boolean http2 = request.version() == HttpVersion.HTTP_2;
        if (unread && !http2) {
            response.putHeader("Connection", "close");
        }
        String body = new JsonObject().put("error", message == null ? "unknown error" : message).encode();
        response.end(body).onComplete(done -> {
            if (unread && http2) {
                response.reset(NO_ERROR);
            } else if (unread) {
                request.connection().close();
            }
        });
    }
}
