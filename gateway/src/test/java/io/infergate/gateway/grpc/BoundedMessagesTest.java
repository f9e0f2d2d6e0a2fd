package io.infergate.gateway.grpc;

import static io.infergate.gateway.grpc.GrpcRequests.deflate;
import static io.infergate.gateway.grpc.GrpcRequests.gzip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infergate.gateway.grpc.GrpcErrors.GrpcFailure;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.WireFormat;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Received frames to messages, on frames built in memory: encodings, the size limit before and
 * after gzip or deflate, malformed input.
 */
class BoundedMessagesTest {
    /** A message of exactly 100 bytes: field 1 (model_name), length 98. */
    private static final ModelInferRequest HUNDRED_BYTES = ModelInferRequest.newBuilder().setModelName("m".repeat(98))
            .build();

    private static ModelInferRequest parse(long limit, String encoding, byte[] payload) {
        return new BoundedMessages(limit).parse(GrpcMessage.message(encoding, Buffer.buffer(payload)),
                ModelInferRequest.parser());
    }

    private static void assertRefused(GrpcStatus status, String message, long limit, String encoding, byte[] payload) {
        GrpcFailure e = assertThrows(GrpcFailure.class, () -> parse(limit, encoding, payload));
        assertEquals(status, e.status());
        assertEquals(message, e.getMessage());
    }

    @Test
    void anIdentityFrameIsParsed() {
        assertEquals(HUNDRED_BYTES, parse(1000, "identity", HUNDRED_BYTES.toByteArray()));
    }

    @Test
    void aFrameWithoutAnEncodingIsReadAsIdentity() {
        Buffer payload = Buffer.buffer(HUNDRED_BYTES.toByteArray());
        GrpcMessage noEncoding = new GrpcMessage() {
            @Override
            public String encoding() {
                return null;
            }

            @Override
            public WireFormat format() {
                return WireFormat.PROTOBUF;
            }

            @Override
            public Buffer payload() {
                return payload;
            }
        };

        assertEquals(HUNDRED_BYTES, new BoundedMessages(1000).parse(noEncoding, ModelInferRequest.parser()));
    }

    @Test
    void aGzipFrameIsInflatedAndParsed() throws IOException {
        assertEquals(HUNDRED_BYTES, parse(1000, "gzip", gzip(HUNDRED_BYTES.toByteArray())));
    }

    @Test
    void anIdentityFrameOfExactlyTheLimitIsParsed() {
        assertEquals(HUNDRED_BYTES, parse(100, "identity", HUNDRED_BYTES.toByteArray()));
    }

    @Test
    void anIdentityFrameOverTheLimitIsRefusedAsResourceExhausted() {
        assertRefused(GrpcStatus.RESOURCE_EXHAUSTED,
                "message larger than the limit of 99 bytes (--grpc-max-message-size)",
                99, "identity", HUNDRED_BYTES.toByteArray());
    }

    @Test
    void aGzipFrameInflatingToExactlyTheLimitIsParsed() throws IOException {
        assertEquals(HUNDRED_BYTES, parse(100, "gzip", gzip(HUNDRED_BYTES.toByteArray())));
    }

    @Test
    void aSmallGzipFrameInflatingPastTheLimitIsRefusedAsResourceExhausted() throws IOException {
        byte[] bomb = gzip(new byte[1 << 20]);

        assertRefused(GrpcStatus.RESOURCE_EXHAUSTED,
                "message larger than the limit of 1000 bytes (--grpc-max-message-size)", 1000, "gzip", bomb);
    }

    @Test
    void aDeflateFrameIsInflatedAndParsed() {
        assertEquals(HUNDRED_BYTES, parse(1000, "deflate", deflate(HUNDRED_BYTES.toByteArray())));
    }

    @Test
    void aDeflateFrameInflatingToExactlyTheLimitIsParsed() {
        assertEquals(HUNDRED_BYTES, parse(100, "deflate", deflate(HUNDRED_BYTES.toByteArray())));
    }

    @Test
    void aSmallDeflateFrameInflatingPastTheLimitIsRefusedAsResourceExhausted() {
        assertRefused(GrpcStatus.RESOURCE_EXHAUSTED,
                "message larger than the limit of 1000 bytes (--grpc-max-message-size)", 1000, "deflate",
                deflate(new byte[1 << 20]));
    }

    @Test
    void aDeflateFrameThatIsNotZlibIsRefusedAsInvalidArgument() {
        assertRefused(GrpcStatus.INVALID_ARGUMENT, "malformed deflate message: incorrect header check",
                1000, "deflate", HUNDRED_BYTES.toByteArray());
    }

    @Test
    void anEncodingOtherThanGzipDeflateOrIdentityIsUnimplemented() {
        assertRefused(GrpcStatus.UNIMPLEMENTED,
                "message encoding 'snappy' is not supported (use gzip, deflate or identity)",
                1000, "snappy", HUNDRED_BYTES.toByteArray());
    }

    @Test
    void aGzipFrameThatIsNotGzipIsRefusedAsInvalidArgument() {
        assertRefused(GrpcStatus.INVALID_ARGUMENT, "malformed gzip message: Not in GZIP format",
                1000, "gzip", HUNDRED_BYTES.toByteArray());
    }

    @Test
    void aTruncatedGzipFrameIsRefusedAsInvalidArgument() throws IOException {
        byte[] compressed = gzip(HUNDRED_BYTES.toByteArray());

        assertRefused(GrpcStatus.INVALID_ARGUMENT, "malformed gzip message: Unexpected end of ZLIB input stream",
                1000, "gzip", Arrays.copyOf(compressed, compressed.length - 12));
    }

    @Test
    void anEmptyGzipFrameIsRefusedAsInvalidArgumentWithAReason() {
        assertRefused(GrpcStatus.INVALID_ARGUMENT, "malformed gzip message: it ends before its header does",
                1000, "gzip", new byte[0]);
    }

    @Test
    void aMalformedProtobufMessageIsRefusedAsInvalidArgument() {
        byte[] truncated = Arrays.copyOf(HUNDRED_BYTES.toByteArray(), 50);

        assertRefused(GrpcStatus.INVALID_ARGUMENT, "malformed protobuf message: While parsing a protocol message,"
                + " the input ended unexpectedly in the middle of a field.  This could mean either that the input has"
                + " been truncated or that an embedded message misreported its own length.", 1000, "identity",
                truncated);
    }
}
