package io.infergate.gateway.grpc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.infergate.gateway.grpc.GrpcErrors.GrpcFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcStatus;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Turns received gRPC frames into messages with the limits a hostile client cannot pass:
 * vertx-grpc bounds a frame as sent, but would inflate a gzip frame without bound (and knows no
 * deflate), so frames are taken raw and inflated here, gzip or deflate, stopping at the message
 * size limit.
 */
final class BoundedMessages {
    private static final String GZIP = "gzip";
    private static final String DEFLATE = "deflate";
    private static final String IDENTITY = "identity";

    private final long maxMessageSize;

    BoundedMessages(long maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /** Parses one frame; fails with RESOURCE_EXHAUSTED, INVALID_ARGUMENT or UNIMPLEMENTED. */
    <T> T parse(GrpcMessage message, Parser<T> parser) {
        Buffer payload = switch (message.encoding() == null ? IDENTITY : message.encoding()) {
            case IDENTITY -> message.payload();
            case GZIP -> inflate(message.payload(), true);
            case DEFLATE -> inflate(message.payload(), false);
            default -> throw new GrpcFailure(GrpcStatus.UNIMPLEMENTED,
                    "message encoding '" + message.encoding() + "' is not supported (use gzip, deflate or identity)");
        };
        if (payload.length() > maxMessageSize) {
            throw tooLarge();
        }
        try {
            CodedInputStream input = CodedInputStream.newInstance(payload.getBytes());
            // Tensor bytes stay slices of the message (no second copy).
            input.enableAliasing(true);
            return parser.parseFrom(input);
        } catch (InvalidProtocolBufferException e) {
            throw new GrpcFailure(GrpcStatus.INVALID_ARGUMENT, "malformed protobuf message: " + e.getMessage());
        }
    }

    /** Inflates gzip, or gRPC's deflate (zlib-wrapped), stopping at the message size limit. */
    private Buffer inflate(Buffer compressed, boolean gzip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(compressed.length() * 4L, 1 << 20));
        byte[] chunk = new byte[64 * 1024];
        try (InputStream in = gzip ? new GZIPInputStream(new BufferInputStream(compressed))
                : new InflaterInputStream(new BufferInputStream(compressed))) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                if ((long) out.size() + n > maxMessageSize) {
                    throw tooLarge();
                }
                out.write(chunk, 0, n);
            }
        } catch (IOException e) {
            throw new GrpcFailure(GrpcStatus.INVALID_ARGUMENT, "malformed " + (gzip ? GZIP : DEFLATE) + " message: "
                    + reason(e));
        }
        return Buffer.buffer(out.toByteArray());
    }

    /** GZIPInputStream's reason; it gives none when the frame ends inside the gzip header. */
    private static String reason(IOException e) {
        if (e.getMessage() != null) {
            return e.getMessage();
        }
        return e instanceof EOFException ? "it ends before its header does" : e.getClass().getSimpleName();
    }

    private GrpcFailure tooLarge() {
        return new GrpcFailure(GrpcStatus.RESOURCE_EXHAUSTED,
                "message larger than the limit of " + maxMessageSize + " bytes (--grpc-max-message-size)");
    }

    /** Reads a Vert.x buffer as a stream without copying it. */
    private static final class BufferInputStream extends InputStream {
        private final Buffer buffer;
        private int position;

        BufferInputStream(Buffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int read() {
            return position < buffer.length() ? buffer.getByte(position++) & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (position >= buffer.length()) {
                return -1;
            }
            int n = Math.min(length, buffer.length() - position);
            buffer.getBytes(position, position + n, into, offset);
            position += n;
            return n;
        }
    }
}
