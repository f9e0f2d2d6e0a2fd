package io.infergate.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;

/** A request body read under the size limit and decoded from its Content-Encoding under it too. */
final class RequestBodies {
    private RequestBodies() {
    }

    static Future<Buffer> read(HttpServerRequest request, long limit) {
        String encoding = request.getHeader("Content-Encoding");
        return BodyLimit.read(request, limit).map(body -> Decompression.decode(encoding, body, limit));
    }

    /** Whether a body holds nothing but white space: an optional JSON body that was left out. */
    static boolean isBlank(Buffer body) {
        return body.length() == 0 || body.toString(StandardCharsets.UTF_8).isBlank();
    }
}
