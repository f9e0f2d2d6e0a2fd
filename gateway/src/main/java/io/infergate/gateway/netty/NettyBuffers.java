package io.infergate.gateway.netty;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;

/**
 * The one place the gateway reaches into Vert.x internals. Vert.x 5 keeps a {@link Buffer}'s
 * Netty side in {@code io.vertx.core.internal.buffer.BufferInternal}: its public API offers no
 * way to wrap a Netty buffer as a {@code Buffer}, nor to view a {@code Buffer}'s memory without
 * copying it. Tensors sliced from a request body, response bodies composed of output buffers,
 * inflating and deflating in place and the cluster codec's zero-copy reads all need exactly that.
 */
public final class NettyBuffers {
    private NettyBuffers() {
    }

    /** The Netty buffer behind a Vert.x buffer: its readable bytes, sharing memory. */
    public static ByteBuf byteBuf(Buffer buffer) {
        return ((BufferInternal) buffer).getByteBuf();
    }

    /** A Vert.x buffer over a Netty buffer, sharing memory. */
    public static Buffer buffer(ByteBuf byteBuf) {
        return BufferInternal.buffer(byteBuf);
    }

    /** A view of part of a buffer as a ByteBuffer, sharing its memory. */
    public static ByteBuffer view(Buffer buffer, int offset, int length) {
        return byteBuf(buffer).nioBuffer(offset, length);
    }
}
