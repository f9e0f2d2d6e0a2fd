package io.infergate.e2e;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.InferParameter;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferInputTensor;
import io.infergate.gateway.kserve.proto.ModelInferResponse;
import io.infergate.gateway.kserve.proto.ModelStreamInferResponse;
import io.infergate.testsupport.ProjectPaths;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.WriteStream;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Triton's own example repository over gRPC, as tritonclient.grpc drives it: inputs as raw
 * contents, BYTES with length prefixes, and a sequence over one ModelStreamInfer stream.
 */
class TritonExamplesOverGrpcTest {
    private static RunningServer server;
    private static Vertx vertx;
    private static GRPCInferenceServiceGrpcClient client;

    @BeforeAll
    static void start() {
        server = RunningServer.serving(ProjectPaths.tritonExamples());
        vertx = Vertx.vertx();
        client = GRPCInferenceServiceGrpcClient.create(GrpcClient.client(vertx),
                SocketAddress.inetSocketAddress(server.server().grpcPort(), "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        await(vertx.close());
        server.close();
    }

    private static ByteString strings(List<String> values) {
        ByteString.Output out = ByteString.newOutput();
        for (String value : values) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array(), 0, 4);
            out.write(utf8, 0, utf8.length);
        }
        return out.toByteString();
    }

    private static List<String> readStrings(ByteString raw) {
        ByteBuffer bytes = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        List<String> values = new ArrayList<>();
        while (bytes.hasRemaining()) {
            byte[] utf8 = new byte[bytes.getInt()];
            bytes.get(utf8);
            values.add(new String(utf8, StandardCharsets.UTF_8));
        }
        return values;
    }

    private static List<Integer> readInt32s(ByteString raw) {
        ByteBuffer bytes = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> values = new ArrayList<>();
        while (bytes.hasRemaining()) {
            values.add(bytes.getInt());
        }
        return values;
    }

    private static InferInputTensor input(String name, String datatype, long... shape) {
        InferInputTensor.Builder input = InferInputTensor.newBuilder().setName(name).setDatatype(datatype);
        for (long d : shape) {
            input.addShape(d);
        }
        return input.build();
    }

    private static ByteString output(ModelInferResponse response, String name) {
        for (int i = 0; i < response.getOutputsCount(); i++) {
            if (response.getOutputs(i).getName().equals(name)) {
                return response.getRawOutputContents(i);
            }
        }
        throw new AssertionError("no output " + name + " in " + response);
    }

    @Test
    void simpleAddsAndSubtractsRawContents() {
        ModelInferResponse response = await(client.modelInfer(ModelInferRequest.newBuilder().setModelName("simple")
                .addInputs(input("INPUT0", "INT32", 1, 16)).addInputs(input("INPUT1", "INT32", 1, 16))
                .addRawInputContents(RawContents.int32s(IntStream.range(0, 16)))
                .addRawInputContents(RawContents.int32s(IntStream.range(0, 16).map(i -> 1))).build()));
        assertEquals(IntStream.range(0, 16).map(i -> i + 1).boxed().toList(), readInt32s(output(response, "OUTPUT0")));
        assertEquals(IntStream.range(0, 16).map(i -> i - 1).boxed().toList(), readInt32s(output(response, "OUTPUT1")));
    }

    @Test
    void simpleStringTravelsBytesWithLengthPrefixes() {
        List<String> left = IntStream.range(0, 16).mapToObj(Integer::toString).toList();
        List<String> right = IntStream.range(0, 16).mapToObj(i -> "2").toList();
        ModelInferResponse response = await(client.modelInfer(ModelInferRequest.newBuilder()
                .setModelName("simple_string").addInputs(input("INPUT0", "BYTES", 1, 16))
                .addInputs(input("INPUT1", "BYTES", 1, 16)).addRawInputContents(strings(left))
                .addRawInputContents(strings(right)).build()));
        assertEquals(IntStream.range(0, 16).mapToObj(i -> Integer.toString(i + 2)).toList(),
                readStrings(output(response, "OUTPUT0")));
        assertEquals(IntStream.range(0, 16).mapToObj(i -> Integer.toString(i - 2)).toList(),
                readStrings(output(response, "OUTPUT1")));
    }

    @Test
    void a64MibTensorFitsTheDefaultMessageLimit() {
        int elements = 16 * 1024 * 1024;
        GRPCInferenceServiceGrpcClient largeMessages = GRPCInferenceServiceGrpcClient.create(
                GrpcClient.client(vertx, new GrpcClientOptions().setMaxMessageSize(elements * 4L + 4096)),
                SocketAddress.inetSocketAddress(server.server().grpcPort(), "127.0.0.1"));
        ByteString data = RawContents.int32s(IntStream.range(0, elements));
        ModelInferResponse response = await(largeMessages.modelInfer(ModelInferRequest.newBuilder()
                .setModelName("custom_identity_int32").addInputs(input("INPUT0", "INT32", 1, elements))
                .addRawInputContents(data).build()));
        assertEquals(data, output(response, "OUTPUT0"));
    }

    @Test
    void simpleSequenceRunsInOrderOverOneStream() {
        int[] values = {10, 20, 30};
        List<ModelStreamInferResponse> responses = new ArrayList<>();
        Promise<Void> allAnswered = Promise.promise();
        Promise<WriteStream<ModelInferRequest>> requests = Promise.promise();
        client.modelStreamInfer(requests).onSuccess(stream -> stream.handler(response -> {
            responses.add(response);
            if (responses.size() == values.length) {
                allAnswered.tryComplete();
            }
        }).exceptionHandler(allAnswered::tryFail)).onFailure(allAnswered::tryFail);
        WriteStream<ModelInferRequest> stream = await(requests.future());
        for (int step = 0; step < values.length; step++) {
            stream.write(ModelInferRequest.newBuilder().setModelName("simple_sequence").setId("step-" + step)
                    .addInputs(input("INPUT", "INT32", 1, 1)).addRawInputContents(RawContents.int32s(IntStream.of(values[step])))
                    .putParameters("sequence_id", InferParameter.newBuilder().setUint64Param(77).build())
                    .putParameters("sequence_start", InferParameter.newBuilder().setBoolParam(step == 0).build())
                    .putParameters("sequence_end",
                            InferParameter.newBuilder().setBoolParam(step == values.length - 1).build())
                    .build());
        }
        await(allAnswered.future());
        stream.end();
        // OUTPUT = (INPUT + START) x READY, answered in the order sent
        assertEquals(List.of("step-0", "step-1", "step-2"),
                responses.stream().map(r -> r.getInferResponse().getId()).toList());
        assertEquals(List.of(11, 20, 30), responses.stream()
                .map(r -> readInt32s(output(r.getInferResponse(), "OUTPUT")).getFirst()).toList());
    }
}
