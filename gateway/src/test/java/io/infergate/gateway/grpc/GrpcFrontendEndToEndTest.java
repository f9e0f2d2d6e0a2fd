package io.infergate.gateway.grpc;

import static io.infergate.testsupport.Await.await;
import static io.infergate.testsupport.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.infergate.engine.EngineOptions;
import io.infergate.engine.LocalEngine;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.gateway.config.GrpcOptions;
import io.infergate.gateway.grpc.GrpcTestClient.Reply;
import io.infergate.gateway.grpc.health.HealthCheckRequest;
import io.infergate.gateway.grpc.health.HealthCheckResponse;
import io.infergate.gateway.grpc.health.HealthGrpcClient;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.InferParameter;
import io.infergate.gateway.kserve.proto.InferTensorContents;
import io.infergate.gateway.kserve.proto.ModelConfigRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferInputTensor;
import io.infergate.gateway.kserve.proto.ModelInferResponse;
import io.infergate.gateway.kserve.proto.ModelMetadataRequest;
import io.infergate.gateway.kserve.proto.ModelMetadataResponse;
import io.infergate.gateway.kserve.proto.ModelReadyRequest;
import io.infergate.gateway.kserve.proto.ModelRepositoryParameter;
import io.infergate.gateway.kserve.proto.ModelStatisticsRequest;
import io.infergate.gateway.kserve.proto.ModelStreamInferResponse;
import io.infergate.gateway.kserve.proto.RepositoryIndexRequest;
import io.infergate.gateway.kserve.proto.RepositoryModelLoadRequest;
import io.infergate.gateway.kserve.proto.RepositoryModelUnloadRequest;
import io.infergate.gateway.kserve.proto.ServerLiveRequest;
import io.infergate.gateway.kserve.proto.ServerMetadataRequest;
import io.infergate.gateway.kserve.proto.ServerReadyRequest;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryStatusRequest;
import io.infergate.gateway.kserve.proto.TraceSettingRequest;
import io.infergate.gateway.protocol.ServerExtensions;
import io.infergate.testsupport.ProjectPaths;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC frontend over real HTTP/2 on a free port, in front of a LocalEngine serving identity
 * models and the decoupled repeat/square models of the shared Triton examples (read in place).
 */
class GrpcFrontendEndToEndTest {
    static final long MAX_MESSAGE = 1024 * 1024;
    static final int QUEUE = 16;
    private static final String INFER = "inference.GRPCInferenceService/ModelInfer";
    private static final String STREAM = "inference.GRPCInferenceService/ModelStreamInfer";

    @TempDir
    static Path repo;
    private static Vertx vertx;
    private static LocalEngine engine;
    private static HttpServer server;
    private static GrpcTestClient client;

    @BeforeAll
    static void start() throws Exception {
        TestModels.writeIdentity(repo, "id_int32", "TYPE_INT32");
        TestModels.writeIdentity(repo, "id_string", "TYPE_STRING");
        vertx = Vertx.vertx();
        engine = await(LocalEngine.start(vertx, new EngineOptions(List.of(repo, ProjectPaths.tritonExamples()),
                EngineOptions.ModelControlMode.EXPLICIT, List.of("id_int32", "id_string", "repeat_int32",
                        "square_int32"), true, false)));
        GrpcOptions options = new GrpcOptions(true, "127.0.0.1", MAX_MESSAGE, QUEUE, 0, 0);
        server = await(GrpcFrontend.listen(vertx, engine, engine, new GrpcSettings("infergate", "0.1.0", options),
                "127.0.0.1", 0));
        client = new GrpcTestClient(vertx, server.actualPort());
    }

    @AfterAll
    static void stop() {
        client.close();
        await(server.close());
        await(engine.close());
        await(vertx.close());
    }

    /** Every test, good or bad, leaves the server live. */
    @AfterEach
    void serverStaysLive() {
        assertTrue(client.call(GRPCInferenceServiceGrpcClient.ServerLive, ServerLiveRequest.getDefaultInstance())
                .single().getLive());
    }

    // ---- the RPCs ----

    @Test
    void serverReadyAnswersTrue() {
        assertTrue(client.call(GRPCInferenceServiceGrpcClient.ServerReady, ServerReadyRequest.getDefaultInstance())
                .single().getReady());
    }

    @Test
    void modelReadyIsTrueForALoadedModelAndFalseForAnUnknownOne() {
        assertTrue(client.call(GRPCInferenceServiceGrpcClient.ModelReady,
                ModelReadyRequest.newBuilder().setName("id_int32").build()).single().getReady());
        assertFalse(client.call(GRPCInferenceServiceGrpcClient.ModelReady,
                ModelReadyRequest.newBuilder().setName("nope").build()).single().getReady());
    }

    @Test
    void serverMetadataListsTheSameExtensionsAsHttp() {
        var metadata = client.call(GRPCInferenceServiceGrpcClient.ServerMetadata,
                ServerMetadataRequest.getDefaultInstance()).single();
        assertEquals("infergate", metadata.getName());
        assertEquals(ServerExtensions.LIST, metadata.getExtensionsList());
    }

    @Test
    void modelMetadataDescribesInputsAndOutputs() {
        ModelMetadataResponse metadata = client.call(GRPCInferenceServiceGrpcClient.ModelMetadata,
                ModelMetadataRequest.newBuilder().setName("id_int32").build()).single();
        assertEquals("id_int32", metadata.getName());
        assertEquals("INPUT0", metadata.getInputs(0).getName());
        assertEquals("INT32", metadata.getInputs(0).getDatatype());
        assertEquals(List.of(-1L), metadata.getInputs(0).getShapeList());
        assertEquals("OUTPUT0", metadata.getOutputs(0).getName());
    }

    @Test
    void modelConfigIsTheEnginesConfigMessage() {
        var config = client.call(GRPCInferenceServiceGrpcClient.ModelConfig,
                ModelConfigRequest.newBuilder().setName("repeat_int32").build()).single().getConfig();
        assertEquals("repeat", config.getBackend());
        assertTrue(config.getModelTransactionPolicy().getDecoupled());
    }

    @Test
    void modelStatisticsCountTheInferencesMade() {
        client.call(GRPCInferenceServiceGrpcClient.ModelInfer, int32Request("id_int32", 1, 2, 3)).single();
        var stats = client.call(GRPCInferenceServiceGrpcClient.ModelStatistics,
                ModelStatisticsRequest.newBuilder().setName("id_int32").build()).single();
        assertEquals("id_int32", stats.getModelStats(0).getName());
        assertTrue(stats.getModelStats(0).getInferenceStats().getSuccess().getCount() >= 1);
    }

    @Test
    void repositoryIndexListsTheLoadedModels() {
        var index = client.call(GRPCInferenceServiceGrpcClient.RepositoryIndex,
                RepositoryIndexRequest.newBuilder().setReady(true).build()).single();
        assertTrue(index.getModelsList().stream().anyMatch(m -> m.getName().equals("id_int32")
                && m.getState().equals("READY")));
    }

    @Test
    void repositoryLoadWithAConfigOverrideThenUnload() {
        String config = "{\"backend\":\"identity\",\"max_batch_size\":0,"
                + "\"input\":[{\"name\":\"INPUT0\",\"data_type\":\"TYPE_INT32\",\"dims\":[-1]}],"
                + "\"output\":[{\"name\":\"OUTPUT0\",\"data_type\":\"TYPE_INT32\",\"dims\":[-1]}]}";
        var load = RepositoryModelLoadRequest.newBuilder().setModelName("loaded_over_grpc")
                .putParameters("config", ModelRepositoryParameter.newBuilder().setStringParam(config).build())
                .putParameters("file:1/model.txt",
                        ModelRepositoryParameter.newBuilder().setBytesParam(ByteString.copyFromUtf8("x")).build())
                .build();
        assertEquals(GrpcStatus.OK, client.call(GRPCInferenceServiceGrpcClient.RepositoryModelLoad, load).status());
        assertTrue(engine.isModelReady("loaded_over_grpc", ""));
        assertEquals(GrpcStatus.OK, client.call(GRPCInferenceServiceGrpcClient.RepositoryModelUnload,
                RepositoryModelUnloadRequest.newBuilder().setModelName("loaded_over_grpc").build()).status());
        assertFalse(engine.isModelReady("loaded_over_grpc", ""));
    }

    @Test
    void repositoryLoadRefusesAFileOverrideThatLeavesItsFolder() {
        var load = RepositoryModelLoadRequest.newBuilder().setModelName("escape")
                .putParameters("config", ModelRepositoryParameter.newBuilder().setStringParam("{}").build())
                .putParameters("file:../../etc/x",
                        ModelRepositoryParameter.newBuilder().setBytesParam(ByteString.copyFromUtf8("x")).build())
                .build();
        assertEquals(GrpcStatus.INVALID_ARGUMENT,
                client.call(GRPCInferenceServiceGrpcClient.RepositoryModelLoad, load).status());
    }

    @Test
    void healthCheckSaysServing() {
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, client.call(HealthGrpcClient.Check,
                HealthCheckRequest.getDefaultInstance()).single().getStatus());
    }

    @Test
    void healthCheckOfAnUnknownServiceIsNotFound() {
        assertEquals(GrpcStatus.NOT_FOUND, client.call(HealthGrpcClient.Check,
                HealthCheckRequest.newBuilder().setService("no.Such").build()).status());
    }

    @Test
    void sharedMemoryAndTraceRpcsAreUnimplemented() {
        Reply<?> shm = client.call(GRPCInferenceServiceGrpcClient.SystemSharedMemoryStatus,
                SystemSharedMemoryStatusRequest.getDefaultInstance());
        assertEquals(GrpcStatus.UNIMPLEMENTED, shm.status());
        assertTrue(shm.message().contains("shared memory"), shm.message());
        assertEquals(GrpcStatus.UNIMPLEMENTED, client.call(GRPCInferenceServiceGrpcClient.TraceSetting,
                TraceSettingRequest.getDefaultInstance()).status());
    }

    // ---- inference ----

    @Test
    void modelInferWithRawContentsEchoesTheBytes() {
        ModelInferResponse response = client.call(GRPCInferenceServiceGrpcClient.ModelInfer,
                int32Request("id_int32", 7, -8, 9)).single();
        assertEquals("t", response.getId());
        assertEquals("OUTPUT0", response.getOutputs(0).getName());
        assertEquals(List.of(3L), response.getOutputs(0).getShapeList());
        assertEquals(int32Bytes(7, -8, 9), response.getRawOutputContents(0));
    }

    @Test
    void modelInferWithTypedContentsAnswersRawContents() {
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("id_int32")
                .addInputs(InferInputTensor.newBuilder().setName("INPUT0").setDatatype("INT32").addShape(2)
                        .setContents(InferTensorContents.newBuilder().addIntContents(5).addIntContents(6)))
                .build();
        assertEquals(int32Bytes(5, 6), client.call(GRPCInferenceServiceGrpcClient.ModelInfer, request).single()
                .getRawOutputContents(0));
    }

    @Test
    void bytesTensorsTravelWithTheirLengthPrefixes() {
        ByteString data = ByteString.copyFrom(BytesElements.fromStrings("ab", "", "ü"));
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("id_string")
                .addInputs(InferInputTensor.newBuilder().setName("INPUT0").setDatatype("BYTES").addShape(3))
                .addRawInputContents(data).build();
        assertEquals(data, client.call(GRPCInferenceServiceGrpcClient.ModelInfer, request).single()
                .getRawOutputContents(0));
    }

    @Test
    void decoupledModelOverUnaryInferIsRefused() {
        Reply<?> reply = client.call(GRPCInferenceServiceGrpcClient.ModelInfer, repeatRequest("r", 0, 1, 2));
        assertEquals(GrpcStatus.INVALID_ARGUMENT, reply.status(), reply.message());
        assertTrue(reply.message().contains("decoupled"), reply.message());
    }

    @Test
    void gzipRequestsGetGzipResponses() throws IOException {
        Reply<Buffer> reply = client.raw(INFER, GrpcMessage.message("gzip",
                Buffer.buffer(gzip(int32Request("id_int32", 1, 2).toByteArray()))));
        assertEquals(GrpcStatus.OK, reply.status(), reply.message());
        assertEquals(int32Bytes(1, 2), ModelInferResponse.parseFrom(reply.messages().get(0).getBytes())
                .getRawOutputContents(0));
    }

    // ---- streaming ----

    @Test
    void streamAnswersEachRequestOfANonDecoupledModelOnceWithItsId() {
        Reply<ModelStreamInferResponse> reply = client.call(GRPCInferenceServiceGrpcClient.ModelStreamInfer,
                List.of(), int32Request("id_int32", 1).toBuilder().setId("a").build(),
                int32Request("id_int32", 2).toBuilder().setId("b").build());
        assertEquals(GrpcStatus.OK, reply.status());
        assertEquals(List.of("a", "b"), reply.messages().stream().map(r -> r.getInferResponse().getId()).sorted()
                .toList());
        assertTrue(reply.messages().stream().allMatch(r -> r.getErrorMessage().isEmpty()));
    }

    @Test
    void streamMarksTheOnlyResponseOfANonDecoupledModelFinalWhenAsked() {
        Reply<ModelStreamInferResponse> reply = client.call(GRPCInferenceServiceGrpcClient.ModelStreamInfer,
                List.of(), withEmptyFinal(int32Request("id_int32", 1)));
        assertEquals(1, reply.messages().size());
        assertTrue(reply.messages().get(0).getInferResponse().getParametersMap().get("triton_final_response")
                .getBoolParam());
    }

    @Test
    void repeatSendsOneResponsePerElementThenAnEmptyFinalResponse() {
        Reply<ModelStreamInferResponse> reply = client.call(GRPCInferenceServiceGrpcClient.ModelStreamInfer,
                List.of(), withEmptyFinal(repeatRequest("r", 0, 4, 5, 6)));
        assertEquals(GrpcStatus.OK, reply.status(), reply.message());
        List<ModelStreamInferResponse> messages = reply.messages();
        assertEquals(4, messages.size());
        for (int i = 0; i < 3; i++) {
            ModelInferResponse response = messages.get(i).getInferResponse();
            assertEquals("r", response.getId());
            assertEquals(int32Bytes(4 + i), response.getRawOutputContents(0));
            assertFalse(response.getParametersMap().get("triton_final_response").getBoolParam());
        }
        ModelInferResponse last = messages.get(3).getInferResponse();
        assertEquals(0, last.getOutputsCount());
        assertEquals("r", last.getId());
        assertTrue(last.getParametersMap().get("triton_final_response").getBoolParam());
    }

    @Test
    void squareSendsAsManyResponsesAsItsInputWithoutFinalFlagsUnlessAsked() {
        ModelInferRequest square = int32Request("square_int32", 3).toBuilder().setInputs(0,
                InferInputTensor.newBuilder().setName("IN").setDatatype("INT32").addShape(1)).build();
        Reply<ModelStreamInferResponse> reply = client.call(GRPCInferenceServiceGrpcClient.ModelStreamInfer,
                List.of(), square);
        assertEquals(3, reply.messages().size());
        assertTrue(reply.messages().stream().allMatch(r -> r.getInferResponse().getParametersCount() == 0
                && r.getInferResponse().getRawOutputContents(0).equals(int32Bytes(3))));
    }

    @Test
    void squareOfZeroSendsOnlyTheFinalResponse() {
        ModelInferRequest square = ModelInferRequest.newBuilder().setModelName("square_int32").setId("z")
                .addInputs(InferInputTensor.newBuilder().setName("IN").setDatatype("INT32").addShape(1))
                .addRawInputContents(int32Bytes(0)).build();
        Reply<ModelStreamInferResponse> reply = client.call(GRPCInferenceServiceGrpcClient.ModelStreamInfer,
                List.of(), withEmptyFinal(square));
        assertEquals(1, reply.messages().size());
        assertTrue(reply.messages().get(0).getInferResponse().getParametersMap().get("triton_final_response")
                .getBoolParam());
    }

    @Test
    void anErrorOnTheStreamArrivesAsErrorMessageAndTheStreamLivesOn() {
        Reply<ModelStreamInferResponse> reply = client.call(GRPCInferenceServiceGrpcClient.ModelStreamInfer,
                List.of(), int32Request("nope", 1).toBuilder().setId("bad").build(),
                int32Request("id_int32", 1).toBuilder().setId("good").build());
        assertEquals(GrpcStatus.OK, reply.status());
        assertEquals(2, reply.messages().size());
        ModelStreamInferResponse bad = reply.messages().stream()
                .filter(r -> r.getInferResponse().getId().equals("bad")).findFirst().orElseThrow();
        assertTrue(bad.getErrorMessage().contains("unknown model"), bad.getErrorMessage());
    }

    @Test
    void withTheTritonGrpcErrorHeaderAnErrorEndsTheStreamWithItsStatus() {
        Reply<ModelStreamInferResponse> reply = client.call(GRPCInferenceServiceGrpcClient.ModelStreamInfer,
                List.of("triton_grpc_error", "true"), int32Request("nope", 1));
        assertEquals(GrpcStatus.NOT_FOUND, reply.status());
        assertTrue(reply.message().contains("unknown model"), reply.message());
    }

    @Test
    void cancellingAStreamWithdrawsItsQueuedRequests() throws Exception {
        GrpcClientRequest<ModelInferRequest, ModelStreamInferResponse> stream = await(
                client.client().request(client.address(), GRPCInferenceServiceGrpcClient.ModelStreamInfer));
        // one instance: the first request holds it for seconds, the second waits in the queue
        stream.write(repeatRequest("first", 3000, 1));
        stream.write(repeatRequest("second", 3000, 1));
        eventually("both requests reached the scheduler",
                () -> engine.statistics("repeat_int32", "").getFirst().pendingRequests() == 2);
        long cancelledBefore = repeatCancellations();
        stream.cancel();
        eventually("the queued request was withdrawn", () -> repeatCancellations() > cancelledBefore);
    }

    // ---- bad input: the right status each time, and the server stays up ----

    @Test
    void anUnknownModelIsNotFound() {
        assertEquals(GrpcStatus.NOT_FOUND, client.call(GRPCInferenceServiceGrpcClient.ModelInfer,
                int32Request("nope", 1)).status());
    }

    @Test
    void anUnknownVersionIsNotFound() {
        assertEquals(GrpcStatus.NOT_FOUND, client.call(GRPCInferenceServiceGrpcClient.ModelInfer,
                int32Request("id_int32", 1).toBuilder().setModelVersion("9").build()).status());
    }

    @Test
    void rawContentsCountNotMatchingTheInputsIsInvalid() {
        ModelInferRequest request = int32Request("id_int32", 1).toBuilder().addRawInputContents(int32Bytes(2)).build();
        assertInvalid(request, "raw_input_contents");
    }

    @Test
    void contentsAndRawContentsForOneInputAreInvalid() {
        ModelInferRequest request = int32Request("id_int32", 1).toBuilder().setInputs(0,
                InferInputTensor.newBuilder().setName("INPUT0").setDatatype("INT32").addShape(1)
                        .setContents(InferTensorContents.newBuilder().addIntContents(1))).build();
        assertInvalid(request, "both");
    }

    @Test
    void rawSizeNotMatchingShapeTimesDatatypeIsInvalid() {
        ModelInferRequest request = int32Request("id_int32", 1, 2).toBuilder()
                .setRawInputContents(0, ByteString.copyFrom(new byte[7])).build();
        assertInvalid(request, "bytes");
    }

    @Test
    void malformedBytesLengthPrefixesAreInvalid() {
        ByteBuffer prefix = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putInt(1000).put((byte) 1)
                .put((byte) 2).flip();
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("id_string")
                .addInputs(InferInputTensor.newBuilder().setName("INPUT0").setDatatype("BYTES").addShape(1))
                .addRawInputContents(ByteString.copyFrom(prefix)).build();
        assertInvalid(request, "declares 1000 bytes");
    }

    @Test
    void anOverflowingShapeIsInvalid() {
        ModelInferRequest request = int32Request("id_int32", 1).toBuilder().setInputs(0,
                InferInputTensor.newBuilder().setName("INPUT0").setDatatype("INT32").addShape(1L << 40)
                        .addShape(1L << 40)).build();
        assertInvalid(request, "");
    }

    @Test
    void aMessageOverTheSizeLimitIsResourceExhausted() {
        ModelInferRequest request = int32Request("id_int32", 1).toBuilder()
                .setRawInputContents(0, ByteString.copyFrom(new byte[(int) MAX_MESSAGE + 4])).build();
        assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, client.call(GRPCInferenceServiceGrpcClient.ModelInfer, request)
                .status());
    }

    @Test
    void aGzipMessageInflatingBeyondTheLimitIsResourceExhausted() throws IOException {
        ModelInferRequest request = int32Request("id_int32", 1).toBuilder()
                .setRawInputContents(0, ByteString.copyFrom(new byte[(int) MAX_MESSAGE * 8])).build();
        Reply<Buffer> reply = client.raw(INFER, GrpcMessage.message("gzip", Buffer.buffer(gzip(request.toByteArray()))));
        assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, reply.status(), reply.message());
    }

    @Test
    void garbageFramesEndTheStreamWithInvalidArgument() {
        Reply<Buffer> reply = client.raw(STREAM, GrpcMessage.message("identity",
                Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0x01})));
        assertEquals(GrpcStatus.INVALID_ARGUMENT, reply.status(), reply.message());
    }

    @Test
    void aClientThatOpensAThousandStreamsAndNeverReadsDoesNotStopOthers() {
        GrpcTestClient greedy = new GrpcTestClient(vertx, server.actualPort());
        // not awaited: beyond the connection's concurrent stream limit, opening waits on the client side
        for (int i = 0; i < 1000; i++) {
            greedy.client().request(greedy.address(), GRPCInferenceServiceGrpcClient.ModelStreamInfer)
                    .onSuccess(stream -> {
                        stream.write(int32Request("id_int32", new int[1024]));
                        stream.response().onSuccess(GrpcClientResponse::pause);
                    });
        }
        assertEquals(int32Bytes(1, 2), client.call(GRPCInferenceServiceGrpcClient.ModelInfer,
                int32Request("id_int32", 1, 2)).single().getRawOutputContents(0));
        greedy.close();
    }

    // ---- helpers ----

    private static void assertInvalid(ModelInferRequest request, String messagePart) {
        Reply<ModelInferResponse> reply = client.call(GRPCInferenceServiceGrpcClient.ModelInfer, request);
        assertEquals(GrpcStatus.INVALID_ARGUMENT, reply.status(), reply.message());
        assertTrue(reply.message().contains(messagePart), reply.message());
    }

    private static long repeatCancellations() {
        return engine.statistics("repeat_int32", "").get(0).failures().canceled();
    }

    static ByteString int32Bytes(int... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            data.putInt(v);
        }
        return ByteString.copyFrom(data.flip());
    }

    static ModelInferRequest int32Request(String model, int... values) {
        return ModelInferRequest.newBuilder().setModelName(model).setId("t")
                .addInputs(InferInputTensor.newBuilder().setName("INPUT0").setDatatype("INT32")
                        .addShape(values.length))
                .addRawInputContents(int32Bytes(values)).build();
    }

    /** repeat_int32: one response per IN element, DELAY milliseconds apart. */
    private static ModelInferRequest repeatRequest(String id, int delayMs, int... values) {
        int[] delays = new int[values.length];
        java.util.Arrays.fill(delays, delayMs);
        return ModelInferRequest.newBuilder().setModelName("repeat_int32").setId(id)
                .addInputs(InferInputTensor.newBuilder().setName("IN").setDatatype("INT32").addShape(values.length))
                .addInputs(InferInputTensor.newBuilder().setName("DELAY").setDatatype("UINT32")
                        .addShape(values.length))
                .addInputs(InferInputTensor.newBuilder().setName("WAIT").setDatatype("UINT32").addShape(1))
                .addRawInputContents(int32Bytes(values))
                .addRawInputContents(int32Bytes(delays))
                .addRawInputContents(int32Bytes(0))
                .build();
    }

    private static ModelInferRequest withEmptyFinal(ModelInferRequest request) {
        return request.toBuilder().putParameters("triton_enable_empty_final_response",
                InferParameter.newBuilder().setBoolParam(true).build()).build();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }
}
