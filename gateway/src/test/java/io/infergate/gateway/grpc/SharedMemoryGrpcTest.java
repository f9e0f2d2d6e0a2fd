package io.infergate.gateway.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.gateway.grpc.GrpcTestClient.Reply;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.InferParameter;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferInputTensor;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferRequestedOutputTensor;
import io.infergate.gateway.kserve.proto.ModelInferResponse;
import io.infergate.gateway.kserve.proto.ModelInferResponse.InferOutputTensor;
import io.infergate.gateway.kserve.proto.ModelStreamInferResponse;
import io.infergate.gateway.kserve.proto.ServerMetadataRequest;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryStatusRequest;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryStatusResponse;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryStatusResponse.RegionStatus;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryUnregisterRequest;
import io.infergate.testsupport.ShmObject;
import io.vertx.grpc.common.GrpcStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Triton's system shared-memory RPCs and region tensors over gRPC, unary and streaming, end to
 * end: the server started with --allow-client-shm=true ({@link ShmGrpcServer}), real /dev/shm
 * objects made by each test.
 */
class SharedMemoryGrpcTest {
    @RegisterExtension
    static final ShmGrpcServer server = new ShmGrpcServer(true);

    private static GrpcTestClient grpc() {
        return server.client();
    }

    private static void register(String name, String key, long offset, long byteSize) {
        server.register(name, key, offset, byteSize).single();
    }

    static Map<String, InferParameter> region(String name, long byteSize) {
        return Map.of("shared_memory_region", InferParameter.newBuilder().setStringParam(name).build(),
                "shared_memory_byte_size", InferParameter.newBuilder().setInt64Param(byteSize).build());
    }

    static InferInputTensor.Builder input(String name, String datatype, long count) {
        return InferInputTensor.newBuilder().setName(name).setDatatype(datatype).addShape(count);
    }

    static InferRequestedOutputTensor.Builder output(String name, Map<String, InferParameter> parameters) {
        return InferRequestedOutputTensor.newBuilder().setName(name).putAllParameters(parameters);
    }

    /** id_fp32 with INPUT0 read from region "in" and OUTPUT0 written into region "out". */
    static ModelInferRequest fp32InAndOut(int count) {
        return ModelInferRequest.newBuilder().setModelName("id_fp32").setId("shm")
                .addInputs(input("INPUT0", "FP32", count).putAllParameters(region("in", count * 4L)))
                .addOutputs(output("OUTPUT0", region("out", count * 4L))).build();
    }

    private static Map<String, InferParameter> reported(String name, long byteSize) {
        return region(name, byteSize);
    }

    @Test
    void serverMetadataListsSystemSharedMemory() {
        assertTrue(grpc().call(GRPCInferenceServiceGrpcClient.ServerMetadata, ServerMetadataRequest.getDefaultInstance())
                .single().getExtensionsList().contains("system_shared_memory"));
    }

    @Test
    void statusReportsRegisteredRegionsByName() {
        try (ShmObject object = ShmObject.create("grpc-status", 256)) {
            register("a", object.key(), 0, 64);
            register("b", object.key(), 64, 128);

            SystemSharedMemoryStatusResponse all = grpc().call(GRPCInferenceServiceGrpcClient.SystemSharedMemoryStatus,
                    SystemSharedMemoryStatusRequest.getDefaultInstance()).single();
            SystemSharedMemoryStatusResponse one = grpc().call(GRPCInferenceServiceGrpcClient.SystemSharedMemoryStatus,
                    SystemSharedMemoryStatusRequest.newBuilder().setName("b").build()).single();

            assertEquals(2, all.getRegionsCount());
            RegionStatus expected = RegionStatus.newBuilder().setName("b").setKey(object.key()).setOffset(64)
                    .setByteSize(128).build();
            assertEquals(Map.of("b", expected), one.getRegionsMap());
        }
    }

    @Test
    void unregisterWithANameRemovesThatRegionAndWithoutRemovesAll() {
        try (ShmObject object = ShmObject.create("grpc-unregister", 64)) {
            register("a", object.key(), 0, 32);
            register("b", object.key(), 32, 32);

            grpc().call(GRPCInferenceServiceGrpcClient.SystemSharedMemoryUnregister,
                    SystemSharedMemoryUnregisterRequest.newBuilder().setName("a").build()).single();
            assertEquals(List.of("b"), List.copyOf(grpc().call(GRPCInferenceServiceGrpcClient.SystemSharedMemoryStatus,
                    SystemSharedMemoryStatusRequest.getDefaultInstance()).single().getRegionsMap().keySet()));
            grpc().call(GRPCInferenceServiceGrpcClient.SystemSharedMemoryUnregister,
                    SystemSharedMemoryUnregisterRequest.getDefaultInstance()).single();
            assertEquals(0, grpc().call(GRPCInferenceServiceGrpcClient.SystemSharedMemoryStatus,
                    SystemSharedMemoryStatusRequest.getDefaultInstance()).single().getRegionsCount());
        }
    }

    @Test
    void unaryInferReadsTheInputFromAndWritesTheOutputIntoRegions() {
        try (ShmObject in = ShmObject.create("grpc-in", 12); ShmObject out = ShmObject.create("grpc-out", 12)) {
            in.writeFloats(0, 0.5f, 1.5f, 2.5f);
            register("in", in.key(), 0, 12);
            register("out", out.key(), 0, 12);

            ModelInferResponse response = grpc().call(GRPCInferenceServiceGrpcClient.ModelInfer, fp32InAndOut(3)).single();

            InferOutputTensor output = response.getOutputs(0);
            assertEquals(List.of(3L), output.getShapeList());
            assertEquals(reported("out", 12), output.getParametersMap());
            assertEquals(0, response.getRawOutputContentsCount());
            assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f}, out.readFloats(0, 3));
        }
    }

    @Test
    void rawContentsBelongToTheInputsNotInRegionsAndOutputsKeepTheirPositions() {
        try (ShmObject object = ShmObject.create("grpc-mixed", 64)) {
            object.writeInts(0, 1, 2);
            register("ints", object.key(), 0, 32);
            register("result", object.key(), 32, 32);
            ByteString strings = bytesElements("a", "bc");
            ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("pair")
                    .addInputs(input("A", "INT32", 2).putAllParameters(region("ints", 8)))
                    .addInputs(input("B", "BYTES", 2))
                    .addRawInputContents(strings)
                    .addOutputs(output("OA", region("result", 32)))
                    .addOutputs(output("OB", Map.of())).build();

            ModelInferResponse response = grpc().call(GRPCInferenceServiceGrpcClient.ModelInfer, request).single();

            assertEquals(List.of(ByteString.EMPTY, strings), response.getRawOutputContentsList());
            assertEquals(reported("result", 8), response.getOutputs(0).getParametersMap());
            assertArrayEquals(new int[] {1, 2}, object.readInts(32, 2));
        }
    }

    @Test
    void bytesTensorsTravelThroughRegions() {
        ByteString strings = bytesElements("grpc", "", "shm");
        try (ShmObject object = ShmObject.create("grpc-bytes", 128)) {
            object.write(0, strings.asReadOnlyByteBuffer());
            register("in", object.key(), 0, 64);
            register("out", object.key(), 64, 64);
            ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("id_bytes")
                    .addInputs(input("INPUT0", "BYTES", 3).putAllParameters(region("in", strings.size())))
                    .addOutputs(output("OUTPUT0", region("out", 64))).build();

            ModelInferResponse response = grpc().call(GRPCInferenceServiceGrpcClient.ModelInfer, request).single();

            assertEquals(reported("out", strings.size()), response.getOutputs(0).getParametersMap());
            assertEquals(strings, ByteString.copyFrom(object.read(64, strings.size())));
        }
    }

    @Test
    void streamInferReadsAndWritesRegionsForEachRequest() {
        try (ShmObject in = ShmObject.create("grpc-stream-in", 8); ShmObject out = ShmObject.create("grpc-stream-out", 8)) {
            in.writeFloats(0, 9f, 10f);
            register("in", in.key(), 0, 8);
            register("out", out.key(), 0, 8);

            Reply<ModelStreamInferResponse> reply = grpc().call(GRPCInferenceServiceGrpcClient.ModelStreamInfer,
                    List.of(), fp32InAndOut(2), fp32InAndOut(2).toBuilder().setId("second").build());

            assertEquals(GrpcStatus.OK, reply.status());
            assertEquals(2, reply.messages().size());
            for (ModelStreamInferResponse message : reply.messages()) {
                assertEquals("", message.getErrorMessage());
                assertEquals(reported("out", 8), message.getInferResponse().getOutputs(0).getParametersMap());
            }
            assertArrayEquals(new float[] {9f, 10f}, out.readFloats(0, 2));
        }
    }

    @Test
    void aStreamRequestNamingAnUnknownRegionIsAnsweredWithAnErrorAndTheStreamGoesOn() {
        Reply<ModelStreamInferResponse> reply = grpc().call(GRPCInferenceServiceGrpcClient.ModelStreamInfer,
                List.of(), fp32InAndOut(2));

        assertEquals(GrpcStatus.OK, reply.status());
        assertEquals("Unable to find shared memory region: 'in'", reply.messages().getFirst().getErrorMessage());
    }

    /** BYTES elements as Triton lays them out: each a 4-byte little-endian length, then its bytes. */
    static ByteString bytesElements(String... elements) {
        return ByteString.copyFrom(BytesElements.fromStrings(elements));
    }
}
