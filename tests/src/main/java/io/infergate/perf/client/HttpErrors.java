package io.infergate.perf.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/** The server's {"error": ...} message with the status, for one-line reports. */
final class HttpErrors {
    private HttpErrors() {
    }

    static String describe(HttpClientResponse response, Buffer body) {
        String message = body.toString();
        try {
            message = body.toJsonObject().getString("error", message);
        } catch (RuntimeException notJson) {
            // keep the raw body
        }
        return "HTTP " + response.statusCode() + ": " + message.strip();
    }
}
