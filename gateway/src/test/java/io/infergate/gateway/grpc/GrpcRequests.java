package io.infergate.gateway.grpc;

import com.google.protobuf.ByteString;
import io.infergate.gateway.kserve.proto.InferParameter;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferInputTensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/** Requests and frames the gRPC tests send to the models of {@link GrpcFrontendFixture}. */
final class GrpcRequests {
    private GrpcRequests() {
    }

    static ByteString int32Bytes(int... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            data.putInt(v);
        }
        return ByteString.copyFrom(data.flip());
    }

    /** id_int32 (or another model with one INT32 input INPUT0): the values as raw contents, id "t". */
    static ModelInferRequest int32Request(String model, int... values) {
        return ModelInferRequest.newBuilder().setModelName(model).setId("t")
                .addInputs(InferInputTensor.newBuilder().setName("INPUT0").setDatatype("INT32")
                        .addShape(values.length))
                .addRawInputContents(int32Bytes(values)).build();
    }

    /** repeat_int32: one response per IN element, DELAY milliseconds apart. */
    static ModelInferRequest repeatRequest(String id, int delayMs, int... values) {
        int[] delays = new int[values.length];
        Arrays.fill(delays, delayMs);
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

    /** The request, asking for an empty response with the final flag after a decoupled model's last. */
    static ModelInferRequest withEmptyFinal(ModelInferRequest request) {
        return request.toBuilder().putParameters("triton_enable_empty_final_response",
                InferParameter.newBuilder().setBoolParam(true).build()).build();
    }

    /** gRPC's deflate: zlib-wrapped. */
    static byte[] deflate(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out)) {
            deflater.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }
}
