package io.infergate.testkit.audio;

import com.google.protobuf.ByteString;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.InferParameter;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelStreamInferResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One audio stream sent to the {@code silero_vad} model chunk by chunk over its own gRPC
 * {@code ModelStreamInfer} stream, as a sequence: the first chunk starts it, the last ends it.
 * At most {@code window} chunks are in flight; each response (its id is the chunk index) lets
 * the next chunk go. The result is every chunk's speech probability.
 */
public final class VadGrpcStream {
    private static final ByteString SAMPLE_RATE = ByteString.copyFrom(ByteBuffer.allocate(8)
            .order(ByteOrder.LITTLE_ENDIAN).putLong(0, SyntheticAudio.SAMPLE_RATE));

    private final float[] audio;
    private final long sequenceId;
    private final int window;
    private final float[] probabilities;
    private final Promise<float[]> done = Promise.promise();
    private GrpcClientRequest<ModelInferRequest, ModelStreamInferResponse> call;
    private int sent;
    private int answered;

    private VadGrpcStream(float[] audio, long sequenceId, int window) {
        this.audio = audio;
        this.sequenceId = sequenceId;
        this.window = window;
        this.probabilities = new float[SyntheticAudio.chunks(audio)];
    }

    /** Sends a whole stream; completes with every chunk's probability, or fails with the server's message. */
    public static Future<float[]> send(GrpcClient client, SocketAddress server, float[] audio, long sequenceId,
            int window) {
        VadGrpcStream stream = new VadGrpcStream(audio, sequenceId, window);
        return client.request(server, GRPCInferenceServiceGrpcClient.ModelStreamInfer)
                .compose(call -> stream.run(call));
    }

    private Future<float[]> run(GrpcClientRequest<ModelInferRequest, ModelStreamInferResponse> opened) {
        call = opened;
        call.response().onSuccess(response -> {
            response.handler(this::answer);
            response.endHandler(v -> done.tryFail("stream ended after " + answered + " of " + probabilities.length
                    + " chunks: " + response.status() + " " + response.statusMessage()));
            response.exceptionHandler(done::tryFail);
        }).onFailure(done::tryFail);
        while (sent < Math.min(window, probabilities.length)) {
            sendNext();
        }
        return done.future();
    }

    private void sendNext() {
        int index = sent++;
        call.write(chunkRequest(index));
        if (sent == probabilities.length) {
            call.end();
        }
    }

    private void answer(ModelStreamInferResponse message) {
        if (!message.getErrorMessage().isEmpty()) {
            done.tryFail("chunk " + message.getInferResponse().getId() + ": " + message.getErrorMessage());
            call.cancel();
            return;
        }
        int index = Integer.parseInt(message.getInferResponse().getId());
        probabilities[index] = message.getInferResponse().getRawOutputContents(0).asReadOnlyByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN).getFloat(0);
        answered++;
        if (answered == probabilities.length) {
            done.tryComplete(probabilities);
        } else if (sent < probabilities.length) {
            sendNext();
        }
    }

    private ModelInferRequest chunkRequest(int index) {
        ByteBuffer samples = ByteBuffer.allocate(SyntheticAudio.CHUNK * 4).order(ByteOrder.LITTLE_ENDIAN);
        samples.asFloatBuffer().put(SyntheticAudio.chunk(audio, index));
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName("silero_vad")
                .setId(Integer.toString(index))
                .putParameters("sequence_id", InferParameter.newBuilder().setUint64Param(sequenceId).build())
                .putParameters("sequence_start", InferParameter.newBuilder().setBoolParam(index == 0).build())
                .putParameters("sequence_end",
                        InferParameter.newBuilder().setBoolParam(index == probabilities.length - 1).build());
        request.addInputsBuilder().setName("input").setDatatype("FP32").addShape(1).addShape(SyntheticAudio.CHUNK);
        request.addInputsBuilder().setName("sr").setDatatype("INT64").addShape(1);
        return request.addRawInputContents(ByteString.copyFrom(samples))
                .addRawInputContents(SAMPLE_RATE).build();
    }
}
