package io.infergate.gateway.grpc;

import static io.infergate.gateway.grpc.GrpcRequests.int32Bytes;
import static io.infergate.gateway.grpc.GrpcRequests.int32Request;
import static io.infergate.gateway.grpc.GrpcRequests.repeatRequest;
import static io.infergate.gateway.grpc.GrpcRequests.withEmptyFinal;
import static io.infergate.testsupport.Await.await;
import static io.infergate.testsupport.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.grpc.GrpcTestClient.Reply;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferInputTensor;
import io.infergate.gateway.kserve.proto.ModelInferResponse;
import io.infergate.gateway.kserve.proto.ModelStreamInferResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ModelStreamInfer: decoupled and non-decoupled models, final flags, errors on the stream,
 * cancellation, and clients that misbehave; each test against the server of
 * {@link GrpcFrontendFixture}.
 */
class GrpcStreamInferTest {
    @RegisterExtension
    static final GrpcFrontendFixture grpc = new GrpcFrontendFixture();
    private static final String STREAM = "inference.GRPCInferenceService/ModelStreamInfer";

    @Test
    void streamAnswersEachRequestOfANonDecoupledModelOnceWithItsId() {
        Reply<ModelStreamInferResponse> reply = grpc.client().call(GRPCInferenceServiceGrpcClient.ModelStreamInfer,
                List.of(), int32Request("id_int32", 1).toBuilder().setId("a").build(),
                int32Request("id_int32", 2).toBuilder().setId("b").build());
        assertEquals(GrpcStatus.OK, reply.status());
        assertEquals(List.of("a", "b"), reply.messages().stream().map(r -> r.getInferResponse().getId()).sorted()
                .toList());
        assertTrue(reply.messages().stream().allMatch(r -> r.getErrorMessage().isEmpty()));
    }

    @Test
    void streamMarksTheOnlyResponseOfANonDecoupledModelFinalWhenAsked() {
        Reply<ModelStreamInferResponse> reply = grpc.client().call(GRPCInferenceServiceGrpcClient.ModelStreamInfer,
                List.of(), withEmptyFinal(int32Request("id_int32", 1)));
        assertEquals(1, reply.messages().size());
        assertTrue(reply.messages().get(0).getInferResponse().getParametersMap().get("triton_final_response")
                .getBoolParam());
    }

    @Test
    void repeatSendsOneResponsePerElementThenAnEmptyFinalResponse() {
        Reply<ModelStreamInferResponse> reply = grpc.client().call(GRPCInferenceServiceGrpcClient.ModelStreamInfer,
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
        Reply<ModelStreamInferResponse> reply = grpc.client().call(GRPCInferenceServiceGrpcClient.ModelStreamInfer,
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
        Reply<ModelStreamInferResponse> reply = grpc.client().call(GRPCInferenceServiceGrpcClient.ModelStreamInfer,
                List.of(), withEmptyFinal(square));
        assertEquals(1, reply.messages().size());
        assertTrue(reply.messages().get(0).getInferResponse().getParametersMap().get("triton_final_response")
                .getBoolParam());
    }

    @Test
    void anErrorOnTheStreamArrivesAsErrorMessageAndTheStreamLivesOn() {
        Reply<ModelStreamInferResponse> reply = grpc.client().call(GRPCInferenceServiceGrpcClient.ModelStreamInfer,
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
        Reply<ModelStreamInferResponse> reply = grpc.client().call(GRPCInferenceServiceGrpcClient.ModelStreamInfer,
                List.of("triton_grpc_error", "true"), int32Request("nope", 1));
        assertEquals(GrpcStatus.NOT_FOUND, reply.status());
        assertTrue(reply.message().contains("unknown model"), reply.message());
    }

    @Test
    void cancellingAStreamWithdrawsItsQueuedRequests() throws Exception {
        GrpcClientRequest<ModelInferRequest, ModelStreamInferResponse> stream = await(
                grpc.client().client().request(grpc.client().address(),
                        GRPCInferenceServiceGrpcClient.ModelStreamInfer));
        // one instance: the first request holds it for seconds, the second waits in the queue
        stream.write(repeatRequest("first", 3000, 1));
        stream.write(repeatRequest("second", 3000, 1));
        eventually("both requests reached the scheduler",
                () -> grpc.engine().statistics("repeat_int32", "").getFirst().pendingRequests() == 2);
        long cancelledBefore = repeatCancellations();
        stream.cancel();
        eventually("the queued request was withdrawn", () -> repeatCancellations() > cancelledBefore);
    }

    @Test
    void garbageFramesEndTheStreamWithInvalidArgument() {
        Reply<Buffer> reply = grpc.client().raw(STREAM, GrpcMessage.message("identity",
                Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0x01})));
        assertEquals(GrpcStatus.INVALID_ARGUMENT, reply.status(), reply.message());
    }

    @Test
    void aClientThatOpensAThousandStreamsAndNeverReadsDoesNotStopOthers() {
        GrpcTestClient greedy = new GrpcTestClient(grpc.vertx(), grpc.port());
        // not awaited: beyond the connection's concurrent stream limit, opening waits on the client side
        for (int i = 0; i < 1000; i++) {
            greedy.client().request(greedy.address(), GRPCInferenceServiceGrpcClient.ModelStreamInfer)
                    .onSuccess(stream -> {
                        stream.write(int32Request("id_int32", new int[1024]));
                        stream.response().onSuccess(GrpcClientResponse::pause);
                    });
        }
        assertEquals(int32Bytes(1, 2), grpc.client().call(GRPCInferenceServiceGrpcClient.ModelInfer,
                int32Request("id_int32", 1, 2)).single().getRawOutputContents(0));
        greedy.close();
    }

    private static long repeatCancellations() {
        return grpc.engine().statistics("repeat_int32", "").get(0).failures().canceled();
    }
}
