package io.infergate.e2e;

import com.google.protobuf.ByteString;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferInputTensor;
import io.infergate.gateway.kserve.proto.ModelStreamInferResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** gRPC ModelStreamInfer calls of repeat_int32 through the gateway, as the cluster tests make them. */
final class ClusterStreams {
    /**
     * What a stream delivered: the OUT values in arrival order, stream errors, and its end.
     *
     * @param values  OUT of each response, as they came
     * @param errors  error messages the stream carried
     * @param status  the call's final status
     */
    record Outcome(List<Integer> values, List<String> errors, GrpcStatus status) {
    }

    private final GrpcClient client;
    private final SocketAddress gateway;

    ClusterStreams(Vertx vertx, int grpcPort) {
        this.client = GrpcClient.client(vertx);
        this.gateway = SocketAddress.inetSocketAddress(grpcPort, "127.0.0.1");
    }

    /** Streams one repeat_int32 request: one response per value, each after delayMs. */
    Future<Outcome> repeat(List<Integer> values, int delayMs) {
        return repeat(values, values.stream().map(v -> delayMs).toList(), Promise.promise());
    }

    /**
     * Streams one repeat_int32 request: one response per value, each after its delay (ms);
     * {@code firstValue} completes when the first response arrives.
     */
    Future<Outcome> repeat(List<Integer> values, List<Integer> delaysMs, Promise<Void> firstValue) {
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("repeat_int32")
                .addInputs(tensor("IN", "INT32", values.size()))
                .addInputs(tensor("DELAY", "UINT32", values.size()))
                .addInputs(tensor("WAIT", "UINT32", 1))
                .addRawInputContents(ints(values))
                .addRawInputContents(ints(delaysMs))
                .addRawInputContents(ints(List.of(0)))
                .build();
        return client.request(gateway, GRPCInferenceServiceGrpcClient.ModelStreamInfer).compose(call -> {
            call.end(request);
            return call.response().compose(response -> {
                Promise<Outcome> done = Promise.promise();
                List<Integer> received = new CopyOnWriteArrayList<>();
                List<String> errors = new CopyOnWriteArrayList<>();
                response.handler((ModelStreamInferResponse message) -> {
                    if (!message.getErrorMessage().isEmpty()) {
                        errors.add(message.getErrorMessage());
                    } else if (message.getInferResponse().getRawOutputContentsCount() > 0) {
                        received.add(message.getInferResponse().getRawOutputContents(0).asReadOnlyByteBuffer()
                                .order(ByteOrder.LITTLE_ENDIAN).getInt());
                        firstValue.tryComplete();
                    }
                });
                response.endHandler(v -> done.tryComplete(new Outcome(received, errors, response.status())));
                response.exceptionHandler(done::tryFail);
                return done.future();
            });
        });
    }

    private static InferInputTensor tensor(String name, String datatype, int count) {
        return InferInputTensor.newBuilder().setName(name).setDatatype(datatype).addShape(count).build();
    }

    private static ByteString ints(List<Integer> values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.size()).order(ByteOrder.LITTLE_ENDIAN);
        values.forEach(buffer::putInt);
        return ByteString.copyFrom(buffer.array());
    }
}
