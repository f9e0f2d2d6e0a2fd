package io.infergate.gateway.http;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.infergate.gateway.netty.NettyBuffers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body while counting: a body over the limit (declared or streamed, chunked or
 * not) fails as soon as the limit is crossed, never buffered whole. The number of chunks is
 * bounded too, so a client cannot make us work per byte for free.
 */
final class BodyLimit {
    /** First allocation when the declared length is unknown or large; growth beyond is by doubling. */
    private static final int INITIAL_CAPACITY = 64 * 1024;

    private BodyLimit() {
    }

    /** Most chunks a body of this limit may arrive in: at least 16384, else one per 64 bytes. */
    static long maxChunks(long limit) {
        return Math.max(16_384, limit / 64);
    }

    static Future<Buffer> read(HttpServerRequest request, long limit) {
        String declared = request.getHeader("Content-Length");
        long declaredLength = -1;
        if (declared != null) {
            try {
                declaredLength = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                return Future.failedFuture(abandoned(invalid("invalid Content-Length '" + declared + "'")));
            }
            if (declaredLength > limit) {
                return Future.failedFuture(abandoned(tooLarge(declaredLength, limit)));
            }
        }
        if (request.isEnded()) {
            return Future.succeededFuture(Buffer.buffer());
        }
        int initial = (int) Math.min(INITIAL_CAPACITY, declaredLength >= 0 ? declaredLength : INITIAL_CAPACITY);
        // Capacity is capped at the limit, so growth never allocates past it.
        ByteBuf body = Unpooled.buffer(Math.max(initial, 0), (int) Math.min(limit, Integer.MAX_VALUE - 8));
        Promise<Buffer> promise = Promise.promise();
        long maxChunks = maxChunks(limit);
        long[] chunks = {0};
        request.handler(chunk -> {
            if (promise.future().isComplete()) {
                return;
            }
            chunks[0]++;
            long size = (long) body.readableBytes() + chunk.length();
            if (size > limit) {
                request.pause();
                promise.tryFail(abandoned(tooLarge(size, limit)));
            } else if (chunks[0] > maxChunks) {
                request.pause();
                promise.tryFail(abandoned(invalid("request body arrived in more than " + maxChunks + " chunks")));
            } else {
                body.writeBytes(NettyBuffers.byteBuf(chunk));
            }
        });
        request.exceptionHandler(promise::tryFail);
        request.endHandler(v -> promise.tryComplete(NettyBuffers.buffer(body)));
        request.resume();
        return promise.future();
    }

    /** A failure after which the rest of the body stays unread: the connection must be closed. */
    static final class AbandonedBody extends InferenceException {
        AbandonedBody(String message) {
            super(Status.INVALID_ARG, message);
        }
    }

    private static AbandonedBody abandoned(RuntimeException cause) {
        return new AbandonedBody(cause.getMessage());
    }

    static RuntimeException tooLarge(long size, long limit) {
        return invalid("request body of " + (size >= limit ? "more than " + limit : size)
                + " bytes exceeds the maximum allowed input size of " + limit + " bytes");
    }
}
