package io.infergate.gateway.http;

import io.infergate.engine.api.InferenceException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;

/** Every failure leaves as Triton's {@code {"error": "..."}} with the status the engine's Status maps to. */
final class ErrorResponses {
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
     * Answers without reading the request's body. Over HTTP/1.x the connection is closed if a body
     * was on its way (it would be read as the next request); over HTTP/2 the answer ends its own
     * stream, and closing the connection would end the client's other streams with it.
     */
    static void sendUnread(HttpServerRequest request, int status, String message) {
        send(request, status, message, request.version() != HttpVersion.HTTP_2);
    }

    private static void send(HttpServerRequest request, int status, String message, boolean bodyAbandoned) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json");
        // A body we stopped reading (too large) would otherwise be parsed as the next request on
        // this connection: answer, then close it.
        boolean unread = bodyAbandoned && !request.isEnded();
        if (unread) {
            response.putHeader("Connection", "close");
        }
        String body = new JsonObject().put("error", message == null ? "unknown error" : message).encode();
        response.end(body).onComplete(done -> {
            if (unread) {
                request.connection().close();
            }
        });
    }
}
