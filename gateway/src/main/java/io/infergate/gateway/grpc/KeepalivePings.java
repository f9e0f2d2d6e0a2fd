package io.infergate.gateway.grpc;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;

/**
 * gRPC keepalive from the server side: an HTTP/2 PING every keepalive time; a connection whose
 * peer does not acknowledge within the timeout is dead (a vanished client, a dropped NAT entry)
 * and is closed, which cancels its streams' work.
 */
final class KeepalivePings {
    private static final Buffer PAYLOAD = Buffer.buffer(new byte[8]);

    private KeepalivePings() {
    }

    static void watch(Vertx vertx, HttpConnection connection, long timeMs, long timeoutMs) {
        if (timeMs <= 0) {
            return;
        }
        long timer = vertx.setPeriodic(timeMs, id -> {
            try {
                Future<Buffer> ack = connection.ping(PAYLOAD);
                long deadline = vertx.setTimer(Math.max(1, timeoutMs), expired -> connection.close());
                ack.onComplete(acknowledged -> vertx.cancelTimer(deadline));
            } catch (IllegalStateException | UnsupportedOperationException http1) {
                // not an HTTP/2 connection (no gRPC on it): nothing to keep alive
                vertx.cancelTimer(id);
            }
        });
        connection.closeHandler(closed -> vertx.cancelTimer(timer));
    }
}
