package io.infergate.perf.baseline;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.infergate.gateway.kserve.proto.ModelStreamInferResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.server.GrpcServer;
import java.io.IOException;
import java.io.UncheckedIOException;

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
        byte[] header = new byte[CodedOutputStream.computeTagSize(ModelStreamInferResponse.INFER_RESPONSE_FIELD_NUMBER)
                + CodedOutputStream.computeUInt32SizeNoTag(payload.length())];
        CodedOutputStream out = CodedOutputStream.newInstance(header);
        try {
            out.writeTag(ModelStreamInferResponse.INFER_RESPONSE_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(payload.length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return GrpcMessage.message("identity", Buffer.buffer(header).appendBuffer(payload));
    }
}
