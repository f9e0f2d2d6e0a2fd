package io.infergate.perf.client;

import com.google.protobuf.InvalidProtocolBufferException;
import io.infergate.gateway.kserve.proto.InferParameter;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferResponse;
import io.infergate.gateway.kserve.proto.ModelStreamInferResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * KServe v2 inference over one bidirectional gRPC stream (ModelStreamInfer), as perf_analyzer's
 * {@code --streaming}: every request carries an id and completes when the stream answers that id,
 * with its final response for decoupled models. Each request's frame is the pre-encoded request
 * with its id (and sequence parameters) appended: protobuf merges concatenated messages, so
 * tensors are encoded once. The stream opens on first use and lives until the client closes.
 */
public final class GrpcStreamInferClient implements InferClient {
    private static final String STREAM_INFER = "inference.GRPCInferenceService/ModelStreamInfer";
    private static final String IDENTITY = "identity";
    private static final String FINAL = "triton_final_response";

    private final GrpcClient client;
    private final SocketAddress server;
    private final boolean decoupled;
    private final Buffer fixedFrame;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private Future<GrpcClientRequest<Buffer, Buffer>> stream;

    /** @param decoupled whether to wait for each request's final response instead of its first */
    public GrpcStreamInferClient(GrpcClient client, SocketAddress server, ModelInferRequest request,
            boolean decoupled) {
        this.client = client;
        this.server = server;
        this.decoupled = decoupled;
        ModelInferRequest.Builder fixed = request.toBuilder();
        if (decoupled) {
            fixed.putParameters("triton_enable_empty_final_response", bool(true));
        }
        this.fixedFrame = Buffer.buffer(fixed.build().toByteArray());
    }

    @Override
    public Future<RequestTiming> infer(SequenceStep step) {
        String id = Long.toString(ids.incrementAndGet());
        Pending request = new Pending(System.nanoTime(), Promise.promise());
        pending.put(id, request);
        Buffer frame = Buffer.buffer(perRequestFields(id, step).toByteArray()).appendBuffer(fixedFrame);
        open().compose(call -> call.writeMessage(GrpcMessage.message(IDENTITY, frame)))
                .onSuccess(v -> request.sentAt = System.nanoTime())
                .onFailure(failure -> fail(id, failure.getMessage()));
        return request.done.future();
    }

    private static ModelInferRequest perRequestFields(String id, SequenceStep step) {
        ModelInferRequest.Builder fields = ModelInferRequest.newBuilder().setId(id);
        if (step.inSequence()) {
            fields.putParameters("sequence_id", InferParameter.newBuilder().setInt64Param(step.id()).build())
                    .putParameters("sequence_start", bool(step.start()))
                    .putParameters("sequence_end", bool(step.end()));
        }
        return fields.build();
    }

    private static InferParameter bool(boolean value) {
        return InferParameter.newBuilder().setBoolParam(value).build();
    }

    private synchronized Future<GrpcClientRequest<Buffer, Buffer>> open() {
        if (stream == null) {
            stream = client.request(server).map(call -> {
                call.fullMethodName(STREAM_INFER);
                call.response().onSuccess(response -> {
                    response.handler(this::received);
                    response.endHandler(v -> failAll("the server ended the stream"));
                    response.exceptionHandler(e -> failAll(e.getMessage()));
                }).onFailure(e -> failAll(e.getMessage()));
                return call;
            });
        }
        return stream;
    }

    private void received(Buffer message) {
        long arrived = System.nanoTime();
        ModelStreamInferResponse response;
        try {
            response = ModelStreamInferResponse.parseFrom(message.getBytes());
        } catch (InvalidProtocolBufferException e) {
            failAll("unreadable stream response: " + e.getMessage());
            return;
        }
        ModelInferResponse infer = response.getInferResponse();
        String id = infer.getId();
        if (!response.getErrorMessage().isEmpty()) {
            fail(id, response.getErrorMessage());
            return;
        }
        boolean last = !decoupled || (infer.containsParameters(FINAL) && infer.getParametersOrThrow(FINAL)
                .getBoolParam());
        Pending request = last ? pending.remove(id) : null;
        if (request != null) {
            long sent = request.sentAt == 0 ? arrived : request.sentAt;
            long end = System.nanoTime();
            request.done.tryComplete(new RequestTiming(sent - request.startedAt, end - arrived, end - request.startedAt));
        }
    }

    private void fail(String id, String message) {
        Pending request = pending.remove(id);
        if (request != null) {
            request.done.tryFail("gRPC stream: " + message);
        }
    }

    private void failAll(String message) {
        for (String id : List.copyOf(pending.keySet())) {
            fail(id, message);
        }
    }

    private static final class Pending {
        final long startedAt;
        final Promise<RequestTiming> done;
        volatile long sentAt;

        Pending(long startedAt, Promise<RequestTiming> done) {
            this.startedAt = startedAt;
            this.done = done;
        }
    }
}
