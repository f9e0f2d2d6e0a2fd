package io.infergate.perf.baseline;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.server.GrpcServer;

/**
 * The gRPC baseline: a bare vertx-grpc server answering every call with the frame it received,
 * without decoding it. Whatever Infergate costs beyond this is protobuf, the engine and the model.
 * On ModelStreamInfer it answers each message on the stream with that frame wrapped as the
 * response's {@code infer_response} (field 2): a ModelInferRequest reads as a ModelInferResponse
 * with the same id, so a streaming client matches the echo to its request without the server
 * decoding anything.
 */
public final class GrpcEchoServer {
    private static final String STREAM_INFER = "inference.GRPCInferenceService/ModelStreamInfer";
    /** Field 2, length-delimited: ModelStreamInferResponse.infer_response. */
    private static final byte INFER_RESPONSE_TAG = (2 << 3) | 2;

    private GrpcEchoServer() {
    }

    public static Future<HttpServer> start(Vertx vertx) {
        GrpcServer grpc = GrpcServer.server(vertx).callHandler(call -> {
            if (STREAM_INFER.equals(call.fullMethodName())) {
                call.messageHandler(frame -> call.response().writeMessage(asInferResponse(frame)));
                call.endHandler(v -> call.response().end());
            } else {
                call.messageHandler(frame -> call.response().endMessage(frame));
            }
        });
        return vertx.createHttpServer().requestHandler(grpc).listen(0, "127.0.0.1");
    }

    private static GrpcMessage asInferResponse(GrpcMessage request) {
        Buffer payload = request.payload();
        Buffer field = Buffer.buffer(payload.length() + 6).appendByte(INFER_RESPONSE_TAG);
        for (long length = payload.length(); ; length >>>= 7) {
            if (length < 0x80) {
                field.appendByte((byte) length);
                break;
            }
            field.appendByte((byte) ((length & 0x7F) | 0x80));
        }
        return GrpcMessage.message("identity", field.appendBuffer(payload));
    }
}
