package io.infergate.gateway.grpc;

import static io.infergate.gateway.grpc.GrpcFrontendFixture.MAX_MESSAGE;
import static io.infergate.gateway.grpc.GrpcRequests.gzip;
import static io.infergate.gateway.grpc.GrpcRequests.int32Bytes;
import static io.infergate.gateway.grpc.GrpcRequests.int32Request;
import static io.infergate.gateway.grpc.GrpcRequests.repeatRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.gateway.grpc.GrpcTestClient.Reply;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.InferTensorContents;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferInputTensor;
import io.infergate.gateway.kserve.proto.ModelInferResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ModelInfer: raw and typed contents, BYTES, gzip; and bad requests, each with the right status;
 * each test against the server of {@link GrpcFrontendFixture}.
 */
class GrpcInferTest {
    @RegisterExtension
    static final GrpcFrontendFixture grpc = new GrpcFrontendFixture();
    private static final String INFER = "inference.GRPCInferenceService/ModelInfer";

    @Test
    void modelInferWithRawContentsEchoesTheBytes() {
        ModelInferResponse response = grpc.client().call(GRPCInferenceServiceGrpcClient.ModelInfer,
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
        assertEquals(int32Bytes(5, 6), grpc.client().call(GRPCInferenceServiceGrpcClient.ModelInfer, request).single()
                .getRawOutputContents(0));
    }

    @Test
    void bytesTensorsTravelWithTheirLengthPrefixes() {
        ByteString data = ByteString.copyFrom(BytesElements.fromStrings("ab", "", "ü"));
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("id_string")
                .addInputs(InferInputTensor.newBuilder().setName("INPUT0").setDatatype("BYTES").addShape(3))
                .addRawInputContents(data).build();
        assertEquals(data, grpc.client().call(GRPCInferenceServiceGrpcClient.ModelInfer, request).single()
                .getRawOutputContents(0));
    }

    @Test
    void decoupledModelOverUnaryInferIsRefused() {
        Reply<?> reply = grpc.client().call(GRPCInferenceServiceGrpcClient.ModelInfer, repeatRequest("r", 0, 1, 2));
        assertEquals(GrpcStatus.UNIMPLEMENTED, reply.status(), reply.message());
        assertTrue(reply.message().contains("doesn't support models with decoupled transaction policy"),
                reply.message());
    }

    @Test
    void gzipRequestsGetGzipResponses() throws IOException {
        Reply<Buffer> reply = grpc.client().raw(INFER, GrpcMessage.message("gzip",
                Buffer.buffer(gzip(int32Request("id_int32", 1, 2).toByteArray()))));
        assertEquals(GrpcStatus.OK, reply.status(), reply.message());
        assertEquals(int32Bytes(1, 2), ModelInferResponse.parseFrom(reply.messages().get(0).getBytes())
                .getRawOutputContents(0));
    }

    @Test
    void anUnknownModelIsNotFound() {
        assertEquals(GrpcStatus.NOT_FOUND, grpc.client().call(GRPCInferenceServiceGrpcClient.ModelInfer,
                int32Request("nope", 1)).status());
    }

    @Test
    void anUnknownVersionIsNotFound() {
        assertEquals(GrpcStatus.NOT_FOUND, grpc.client().call(GRPCInferenceServiceGrpcClient.ModelInfer,
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
        assertInvalid(request, "contents field must not be specified when using raw_input_contents for 'INPUT0' for"
                + " model 'id_int32'");
    }

    @Test
    void rawSizeNotMatchingShapeTimesDatatypeIsInvalid() {
        ModelInferRequest request = int32Request("id_int32", 1, 2).toBuilder()
                .setRawInputContents(0, ByteString.copyFrom(new byte[7])).build();
        assertInvalid(request, "input byte size mismatch for input 'INPUT0' for model 'id_int32'. Expected 8, got 7");
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
        assertEquals(GrpcStatus.RESOURCE_EXHAUSTED,
                grpc.client().call(GRPCInferenceServiceGrpcClient.ModelInfer, request).status());
    }

    @Test
    void aGzipMessageInflatingBeyondTheLimitIsResourceExhausted() throws IOException {
        ModelInferRequest request = int32Request("id_int32", 1).toBuilder()
                .setRawInputContents(0, ByteString.copyFrom(new byte[(int) MAX_MESSAGE * 8])).build();
        Reply<Buffer> reply = grpc.client().raw(INFER,
                GrpcMessage.message("gzip", Buffer.buffer(gzip(request.toByteArray()))));
        assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, reply.status(), reply.message());
    }

    private static void assertInvalid(ModelInferRequest request, String messagePart) {
        Reply<ModelInferResponse> reply = grpc.client().call(GRPCInferenceServiceGrpcClient.ModelInfer, request);
        assertEquals(GrpcStatus.INVALID_ARGUMENT, reply.status(), reply.message());
        assertTrue(reply.message().contains(messagePart), reply.message());
    }
}
