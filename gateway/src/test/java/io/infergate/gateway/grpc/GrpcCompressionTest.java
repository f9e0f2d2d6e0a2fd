package io.infergate.gateway.grpc;

import static io.infergate.gateway.grpc.GrpcRequests.deflate;
import static io.infergate.gateway.grpc.GrpcRequests.int32Bytes;
import static io.infergate.gateway.grpc.GrpcRequests.int32Request;
import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.infergate.gateway.kserve.proto.ModelInferResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * gRPC's deflate compression over real HTTP/2, with frames written by hand: Vert.x's gRPC client
 * knows only gzip, the clients that send deflate (grpcio, the C++ client) are not Java.
 */
class GrpcCompressionTest {
    @RegisterExtension
    static final GrpcFrontendFixture grpc = new GrpcFrontendFixture();

    /** A response: its headers, its one message frame (compressed flag, payload) and its grpc-status. */
    private record Answer(String encoding, String accepted, int flag, byte[] payload, String status) {
    }

    /** One call on a connection of its own (HTTP/2 with prior knowledge). */
    private static Answer modelInfer(byte[] payload, boolean compressed, String... headers) {
        HttpClient h2 = grpc.vertx().createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        try {
            return call(h2, payload, compressed, headers);
        } finally {
            await(h2.close());
        }
    }

    private static Answer call(HttpClient h2, byte[] payload, boolean compressed, String... headers) {
        Buffer frame = Buffer.buffer().appendByte((byte) (compressed ? 1 : 0)).appendInt(payload.length)
                .appendBytes(payload);
        HttpClientResponse response = await(h2.request(HttpMethod.POST, grpc.port(), "127.0.0.1",
                "/inference.GRPCInferenceService/ModelInfer").compose(request -> {
                    request.putHeader("content-type", "application/grpc").putHeader("te", "trailers");
                    for (int i = 0; i < headers.length; i += 2) {
                        request.putHeader(headers[i], headers[i + 1]);
                    }
                    return request.send(frame);
                }));
        Buffer body = await(response.body());
        byte[] message = body.length() < 5 ? new byte[0] : body.getBytes(5, 5 + body.getInt(1));
        return new Answer(response.getHeader("grpc-encoding"), response.getHeader("grpc-accept-encoding"),
                body.length() < 5 ? -1 : body.getByte(0), message,
                // a call that fails before any message is answered trailers-only: the status is in the headers
                response.getTrailer("grpc-status") != null ? response.getTrailer("grpc-status")
                        : response.getHeader("grpc-status"));
    }

    private static byte[] inflate(byte[] deflated) throws IOException {
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(deflated))) {
            return in.readAllBytes();
        }
    }

    @Test
    void aDeflateRequestFromAClientAcceptingDeflateGetsADeflateResponse() throws IOException {
        Answer answer = modelInfer(deflate(int32Request("id_int32", 3, 4).toByteArray()), true,
                "grpc-encoding", "deflate", "grpc-accept-encoding", "identity,deflate,gzip");
        assertEquals("0", answer.status());
        assertEquals("deflate", answer.encoding());
        assertEquals(1, answer.flag());
        assertEquals(int32Bytes(3, 4), ModelInferResponse.parseFrom(inflate(answer.payload())).getRawOutputContents(0));
    }

    @Test
    void aDeflateRequestFromAClientNotAcceptingDeflateGetsAnUncompressedResponse() throws IOException {
        Answer answer = modelInfer(deflate(int32Request("id_int32", 5).toByteArray()), true,
                "grpc-encoding", "deflate", "grpc-accept-encoding", "gzip");
        assertEquals("0", answer.status());
        assertEquals(0, answer.flag());
        assertEquals(int32Bytes(5), ModelInferResponse.parseFrom(answer.payload()).getRawOutputContents(0));
    }

    @Test
    void everyResponseTellsThatDeflateAndGzipAreAccepted() {
        Answer answer = modelInfer(int32Request("id_int32", 6).toByteArray(), false);
        assertEquals("identity,deflate,gzip", answer.accepted());
        assertNull(answer.encoding());
        assertEquals(0, answer.flag());
    }

    @Test
    void aDeflateRequestInflatingPastTheMessageSizeLimitIsResourceExhausted() {
        byte[] bomb = deflate(new byte[(int) GrpcFrontendFixture.MAX_MESSAGE + 1]);
        assertEquals("8", modelInfer(bomb, true, "grpc-encoding", "deflate").status());
    }
}
