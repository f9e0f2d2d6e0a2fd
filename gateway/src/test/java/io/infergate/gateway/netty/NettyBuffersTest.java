package io.infergate.gateway.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class NettyBuffersTest {
    @Test
    void viewsShareTheReceivedBytes() {
        Buffer body = Buffer.buffer("abcdef");
        var view = NettyBuffers.view(body.slice(2, 6), 1, 2);
        body.setByte(3, (byte) 'Z');
        assertEquals('Z', view.get(0));
    }

    @Test
    void aWrappedNettyBufferSharesItsBytes() {
        var netty = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        Buffer buffer = NettyBuffers.buffer(netty);
        netty.setByte(1, 9);
        assertEquals(9, buffer.getByte(1));
    }
}
