package io.infergate.gateway.grpc;

import com.google.protobuf.MessageLite;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.WireFormat;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.DeflaterOutputStream;

/**
 * How a call's responses are compressed: as its requests were, gzip or deflate (gRPC's
 * "deflate" is zlib-wrapped), when the client accepts that encoding back; else not at all.
 * Vert.x compresses gzip itself; deflate it does not know, so deflate messages are compressed
 * here and sent as they are, and {@link #advertisingDeflate} names the encoding in the response
 * headers (and tells clients that both are accepted).
 */
enum Compression {
    NONE, GZIP, DEFLATE;

    static final String ENCODING_HEADER = "grpc-encoding";
    static final String ACCEPT_HEADER = "grpc-accept-encoding";
    private static final String ACCEPTED = "identity,deflate,gzip";

    /** Chooses the call's response compression from its request (call before the first response). */
    static Compression choose(GrpcServerRequest<?, ?> call) {
        String requested = call.encoding();
        if ("gzip".equals(requested) && call.response().acceptedEncodings().contains("gzip")) {
            call.response().encoding("gzip");
            return GZIP;
        }
        return "deflate".equals(requested) && call.response().acceptedEncodings().contains("deflate") ? DEFLATE : NONE;
    }

    /** Writes one response message of the call. */
    <R extends MessageLite> Future<Void> write(GrpcServerResponse<?, R> response, R message) {
        return this == DEFLATE ? response.writeMessage(deflated(message)) : response.write(message);
    }

    /** Writes the call's last response message and ends it. */
    <R extends MessageLite> Future<Void> end(GrpcServerResponse<?, R> response, R message) {
        return this == DEFLATE ? response.endMessage(deflated(message)) : response.end(message);
    }

    private static GrpcMessage deflated(MessageLite message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, message.getSerializedSize() / 2));
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out)) {
            message.writeTo(deflater);
        } catch (IOException e) {
            throw new IllegalStateException("compressing in memory cannot fail", e);
        }
        return GrpcMessage.message("deflate", WireFormat.PROTOBUF, Buffer.buffer(out.toByteArray()));
    }

    /**
     * The HTTP/2 handler in front of the gRPC server: every response advertises that gzip and
     * deflate requests are accepted, and a call answered with deflate ({@link #choose}: its
     * request is deflate and deflate is accepted back) names it in {@code grpc-encoding}, set
     * just before the headers leave, after Vert.x wrote its own.
     */
    static Handler<HttpServerRequest> advertisingDeflate(Handler<HttpServerRequest> grpc) {
        return request -> {
            boolean deflate = "deflate".equals(trimmed(request.getHeader(ENCODING_HEADER)))
                    && Arrays.stream(String.valueOf(request.getHeader(ACCEPT_HEADER)).split(","))
                            .anyMatch(coding -> "deflate".equals(trimmed(coding)));
            request.response().headersEndHandler(v -> {
                request.response().headers().set(ACCEPT_HEADER, ACCEPTED);
                if (deflate) {
                    request.response().headers().set(ENCODING_HEADER, "deflate");
                }
            });
            grpc.handle(request);
        };
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }
}
