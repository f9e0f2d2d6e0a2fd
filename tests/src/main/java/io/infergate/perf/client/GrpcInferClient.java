package io.infergate.perf.client;

import com.google.protobuf.ByteString;
import io.infergate.gateway.kserve.proto.InferParameter;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcStatus;
import java.util.List;

/**
 * KServe v2 inference over gRPC (unary ModelInfer, inputs as raw contents, as tritonclient sends
 * them) on one multiplexed HTTP/2 connection. Frames go out pre-encoded and replies are not
 * decoded, so the bare gRPC echo server can stand in for the model server.
 */
public final class GrpcInferClient implements InferClient {
    private static final String MODEL_INFER = "inference.GRPCInferenceService/ModelInfer";
    private static final String IDENTITY = "identity";

    private final GrpcClient client;
    private final SocketAddress server;
    private final ModelInferRequest request;
    private final Buffer fixedFrame;

    public GrpcInferClient(GrpcClient client, SocketAddress server, ModelInferRequest request) {
        this.client = client;
        this.server = server;
        this.request = request;
        this.fixedFrame = Buffer.buffer(request.toByteArray());
    }

    /** The request of a model with these inputs, as raw contents. */
    public static ModelInferRequest request(String model, String version, List<InputTensor> inputs) {
        ModelInferRequest.Builder builder = ModelInferRequest.newBuilder().setModelName(model)
                .setModelVersion(version);
        for (InputTensor input : inputs) {
            ModelInferRequest.InferInputTensor.Builder tensor = builder.addInputsBuilder().setName(input.name())
                    .setDatatype(input.datatype());
            for (long d : input.shape()) {
                tensor.addShape(d);
            }
            builder.addRawInputContents(ByteString.copyFrom(input.data()));
        }
        return builder.build();
    }

    @Override
    public Future<RequestTiming> infer(SequenceStep step) {
        // A fresh buffer per request: the transport may consume the one it is given.
        Buffer frame = step.inSequence() ? Buffer.buffer(withSequence(step).toByteArray()) : fixedFrame.copy();
        long start = System.nanoTime();
        long[] sent = new long[1];
        return client.request(server).compose(call -> {
            call.fullMethodName(MODEL_INFER);
            // The reply handler is attached before the request leaves, as for HTTP.
            Future<RequestTiming> answered = call.response().compose(response -> {
                long headersAt = System.nanoTime();
                return response.end().transform(done -> {
                    long end = System.nanoTime();
                    if (done.failed() || response.status() != GrpcStatus.OK) {
                        String message = response.statusMessage() != null ? response.statusMessage()
                                : done.failed() ? done.cause().getMessage() : "";
                        return Future.failedFuture("gRPC " + response.status() + ": " + message);
                    }
                    long sendNs = (sent[0] == 0 ? headersAt : sent[0]) - start;
                    return Future.succeededFuture(new RequestTiming(sendNs, end - headersAt, end - start));
                });
            });
            call.endMessage(GrpcMessage.message(IDENTITY, frame)).onSuccess(v -> sent[0] = System.nanoTime());
            return answered;
        });
    }

    private ModelInferRequest withSequence(SequenceStep step) {
        return request.toBuilder()
                .putParameters("sequence_id", InferParameter.newBuilder().setInt64Param(step.id()).build())
                .putParameters("sequence_start", InferParameter.newBuilder().setBoolParam(step.start()).build())
                .putParameters("sequence_end", InferParameter.newBuilder().setBoolParam(step.end()).build())
                .build();
    }
}
