package io.infergate.python.cpython;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One of a stub's two sockets (see {@link Stub}) and its framing: each message is a 4-byte
 * big-endian length, then that many bytes of UTF-8 JSON holding one object. What the stub sends
 * is read strictly: a length of 0 or over {@link #MAX_FRAME}, bytes that are not UTF-8, text that
 * is not one JSON object, or a stream that ends inside a frame are {@link ProtocolViolation}s.
 */
final class StubSocket implements AutoCloseable {
    /** The largest frame a stub may send; tensor bytes travel the shared region, not this socket. */
    static final int MAX_FRAME = 1 << 20;

    private final SocketChannel socket;
    private final Object writeLock = new Object();

    StubSocket(SocketChannel socket) {
        this.socket = socket;
    }

    void send(JsonObject message) throws IOException {
        send(message, List.of());
    }

    /** Sends a message, then the payload's bytes raw, right after it (the message says how many). */
    void send(JsonObject message, List<ByteBuffer> payload) throws IOException {
        byte[] body = message.encode().getBytes(StandardCharsets.UTF_8);
        ByteBuffer[] frame = new ByteBuffer[1 + payload.size()];
        frame[0] = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
        long remaining = frame[0].remaining();
        for (int i = 0; i < payload.size(); i++) {
            frame[i + 1] = payload.get(i).duplicate();
            remaining += frame[i + 1].remaining();
        }
        synchronized (writeLock) {
            while (remaining > 0) {
                remaining -= socket.write(frame);
            }
        }
    }

    /**
     * The stub's next message; blocks until it arrives.
     *
     * @return null when the stub closed the socket between frames
     * @throws ProtocolViolation for a frame the protocol does not allow
     * @throws IOException       when the socket fails or is closed on this side
     */
    StubMessage receive() throws IOException, ProtocolViolation {
        ByteBuffer header = ByteBuffer.allocate(4);
        if (!fill(header, true)) {
            return null;
        }
        int length = header.flip().getInt();
        if (length <= 0 || length > MAX_FRAME) {
            throw new ProtocolViolation("a frame of " + Integer.toUnsignedString(length) + " bytes, allowed 1 to "
                    + MAX_FRAME);
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        fill(body, false);
        String text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(body.flip());
            text = chars.toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolViolation("a frame that is not UTF-8 text");
        }
        try {
            return new StubMessage(new JsonObject(text));
        } catch (RuntimeException e) {
            throw new ProtocolViolation("a frame that is not one JSON object: " + e.getMessage());
        }
    }

    /** Reads until the buffer is full; false at a clean end of stream when {@code endAllowed}. */
    private boolean fill(ByteBuffer buffer, boolean endAllowed) throws IOException, ProtocolViolation {
        while (buffer.hasRemaining()) {
            if (socket.read(buffer) < 0) {
                if (endAllowed && buffer.position() == 0) {
                    return false;
                }
                throw new ProtocolViolation("a frame cut short by the end of the stream");
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
