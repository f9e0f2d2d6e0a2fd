package io.infergate.gateway.grpc;

import static io.infergate.gateway.grpc.SharedMemoryGrpcTest.input;
import static io.infergate.gateway.grpc.SharedMemoryGrpcTest.output;
import static io.infergate.gateway.grpc.SharedMemoryGrpcTest.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.grpc.GrpcTestClient.Reply;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.InferParameter;
import io.infergate.gateway.kserve.proto.InferTensorContents;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryStatusRequest;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryStatusResponse.RegionStatus;
import io.infergate.gateway.kserve.proto.SystemSharedMemoryUnregisterRequest;
import io.infergate.testsupport.ShmObject;
import io.vertx.grpc.common.GrpcStatus;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every hostile shared-memory input over gRPC gets Triton's code and a message that says what is
 * wrong, with the server up and region "kept" as it was (checked after each test).
 */
class SharedMemoryGrpcRefusalsTest {
    @RegisterExtension
    static final ShmGrpcServer server = new ShmGrpcServer(true);
    private ShmObject object;

    private static GrpcTestClient grpc() {
        return server.client();
    }

    @BeforeEach
    void registerAKeptRegion() {
        object = ShmObject.create("grpc-refusals", 1024);
        register("kept", object.key(), 0, 512).single();
    }

    @AfterEach
    void keptRegionIsUntouched() {
        try {
            assertEquals(Map.of("kept", RegionStatus.newBuilder().setName("kept").setKey(object.key())
                    .setByteSize(512).build()), grpc().call(GRPCInferenceServiceGrpcClient.SystemSharedMemoryStatus,
                            SystemSharedMemoryStatusRequest.getDefaultInstance()).single().getRegionsMap());
        } finally {
            object.close();
        }
    }

    private static void assertRefused(Reply<?> reply, GrpcStatus status, String message) {
        assertEquals(status, reply.status(), reply.message());
        assertEquals(message, reply.message());
    }

    private static Reply<?> register(String name, String key, long offset, long byteSize) {
        return server.register(name, key, offset, byteSize);
    }

    private static Reply<?> infer(ModelInferRequest.Builder request) {
        return grpc().call(GRPCInferenceServiceGrpcClient.ModelInfer, request.build());
    }

    private static ModelInferRequest.Builder fp32(Map<String, InferParameter> inputParameters, int count) {
        return ModelInferRequest.newBuilder().setModelName("id_fp32")
                .addInputs(input("INPUT0", "FP32", count).putAllParameters(inputParameters));
    }

    @Test
    void aNameInUseIsAlreadyExisting() {
        assertRefused(register("kept", object.key(), 512, 8), GrpcStatus.ALREADY_EXISTS,
                "shared memory region 'kept' already in manager");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../../etc/passwd", "a/b", ""})
    void aKeyThatIsNotAPlainShmNameIsRefused(String key) {
        assertRefused(register("r", key, 0, 8), GrpcStatus.INVALID_ARGUMENT, "invalid shared-memory key '" + key
                + "': a key names a POSIX shared-memory object: an optional leading '/', then 1 to 255 letters,"
                + " digits, '.', '_' or '-' (not '.' or '..')");
    }

    @Test
    void aKeyOf300CharactersIsRefused() {
        Reply<?> reply = register("r", "/" + "k".repeat(299), 0, 8);
        assertEquals(GrpcStatus.INVALID_ARGUMENT, reply.status());
        assertTrue(reply.message().contains("(300 characters)"), reply.message());
    }

    @Test
    void aKeyThatDoesNotExistIsRefused() {
        assertRefused(register("r", "/grpc-refusals-none", 0, 8), GrpcStatus.INVALID_ARGUMENT,
                "Unable to open shared memory region: '/grpc-refusals-none': no such object in /dev/shm");
    }

    @Test
    void anOffsetBeyond63BitsIsRefused() {
        assertRefused(register("r", object.key(), -1, 8), GrpcStatus.INVALID_ARGUMENT,
                "failed to register shared memory region 'r': offset 18446744073709551615 is beyond 2^63-1");
    }

    @Test
    void aRegionBeyondTheObjectIsRefused() {
        assertRefused(register("r", object.key(), 1020, 8), GrpcStatus.INVALID_ARGUMENT,
                "failed to register shared memory region 'r': offset 1020 + byte size 8 = 1028 is beyond the 1024"
                        + " bytes of shared-memory object '" + object.key() + "'");
    }

    @Test
    void anOffsetAndByteSizeThatOverflowAreRefused() {
        assertRefused(register("r", object.key(), Long.MAX_VALUE, 1), GrpcStatus.INVALID_ARGUMENT,
                "failed to register shared memory region 'r': offset " + Long.MAX_VALUE + " + byte size 1 overflows"
                        + " 64 bits");
    }

    @Test
    void statusOfAnUnknownRegionIsNotFound() {
        assertRefused(grpc().call(GRPCInferenceServiceGrpcClient.SystemSharedMemoryStatus,
                SystemSharedMemoryStatusRequest.newBuilder().setName("nope").build()), GrpcStatus.NOT_FOUND,
                "Unable to find system shared memory region: 'nope'");
    }

    @Test
    void anUnknownRegionIsNotFound() {
        assertRefused(infer(fp32(region("nope", 8), 2)), GrpcStatus.NOT_FOUND,
                "Unable to find shared memory region: 'nope'");
    }

    @Test
    void anInputWhoseShapeNeedsOtherBytesThanTheByteSizeIsRefused() {
        assertRefused(infer(fp32(region("kept", 12), 2)), GrpcStatus.INVALID_ARGUMENT,
                "input byte size mismatch for input 'INPUT0' for model 'id_fp32'. Expected 8, got 12"
                        + " (shared_memory_byte_size)");
    }

    @Test
    void aRegionWithoutAByteSizeIsRefused() {
        Map<String, InferParameter> regionOnly = Map.of("shared_memory_region",
                InferParameter.newBuilder().setStringParam("kept").build());
        assertRefused(infer(fp32(regionOnly, 2)), GrpcStatus.INVALID_ARGUMENT, "input 'INPUT0': parameters"
                + " 'shared_memory_region' and 'shared_memory_byte_size' go together; the request gives only"
                + " 'shared_memory_region'");
    }

    @Test
    void anOffsetBeyondTheRegionIsRefused() {
        Map<String, InferParameter> parameters = new HashMap<>(region("kept", 8));
        parameters.put("shared_memory_offset", InferParameter.newBuilder().setInt64Param(508).build());
        assertRefused(infer(fp32(parameters, 2)), GrpcStatus.INVALID_ARGUMENT, "input 'INPUT0' (shared memory region"
                + " 'kept'): offset 508 + byte size 8 = 516 is beyond the 512 bytes of the region");
    }

    @Test
    void aResultLargerThanTheSpaceSetAsideIsRefused() {
        assertRefused(infer(fp32(region("kept", 8), 2).addOutputs(output("OUTPUT0", region("kept", 4)))),
                GrpcStatus.INVALID_ARGUMENT, "output 'OUTPUT0' of model 'id_fp32' (shared memory region 'kept'): the"
                        + " result needs 8 bytes but the request set aside 4 (shared_memory_byte_size)");
    }

    @Test
    void anInputWithRegionAndContentsIsRefused() {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName("id_fp32")
                .addInputs(input("INPUT0", "FP32", 1).putAllParameters(region("kept", 4))
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(1f)));
        assertRefused(infer(request), GrpcStatus.INVALID_ARGUMENT,
                "unexpected 'content' provided when using shared memory for input tensor 'INPUT0' for model 'id_fp32'");
    }

    @Test
    void rawContentsForAnInputInARegionAreRefused() {
        assertRefused(infer(fp32(region("kept", 8), 2).addRawInputContents(SharedMemoryGrpcTest.bytesElements("x"))),
                GrpcStatus.INVALID_ARGUMENT, "the request has 0 inputs not in shared memory but 1 raw_input_contents:"
                        + " give one per such input, in the same order");
    }

    @Test
    void aClientThatTruncatesItsObjectAfterRegisteringGetsAnErrorNotACrash() {
        try (ShmObject shrinking = ShmObject.create("grpc-truncated", 64)) {
            register("shrinking", shrinking.key(), 0, 64).single();
            shrinking.resize(4);

            assertRefused(infer(fp32(region("shrinking", 8), 2)), GrpcStatus.INVALID_ARGUMENT,
                    "input 'INPUT0' (shared memory region 'shrinking'): shared-memory object '" + shrinking.key()
                            + "' shrank to 4 bytes after it was registered; this access needs 8");
            grpc().call(GRPCInferenceServiceGrpcClient.SystemSharedMemoryUnregister,
                    SystemSharedMemoryUnregisterRequest.newBuilder()
                            .setName("shrinking").build()).single();
        }
    }
}
