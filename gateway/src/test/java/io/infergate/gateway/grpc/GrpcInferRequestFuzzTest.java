package io.infergate.gateway.grpc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.infergate.gateway.grpc.GrpcErrors.GrpcFailure;
import io.infergate.gateway.kserve.InferRequestReader;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.protocol.FuzzRegion;
import io.infergate.gateway.protocol.RequestRegions;
import io.infergate.testsupport.HostileInput;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcStatus;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzzes the gRPC frontend's reading of a ModelInfer frame: the frame inflated (gzip, deflate) and
 * parsed as a ModelInferRequest with the message size limit, then read into the engine's request,
 * inputs in shared memory read from a real region. Any frame is read or refused with a client's
 * error (INVALID_ARGUMENT, RESOURCE_EXHAUSTED, NOT_FOUND), never a crash or memory out of
 * proportion. An input's first byte picks the frame's encoding (0 identity, 1 gzip, 2 deflate,
 * modulo 3); the rest is the frame. Seeds: {@code GrpcInferRequestFuzzTestInputs/grpcInferRequest/}.
 */
class GrpcInferRequestFuzzTest {
    private static final List<String> ENCODINGS = List.of("identity", "gzip", "deflate");
    /** Small, so that what a compressed frame may inflate to stays within the fuzz tests' memory bound. */
    private static final BoundedMessages MESSAGES = new BoundedMessages(64 * 1024);
    @RegisterExtension
    static final FuzzRegion REGION = new FuzzRegion();

    @FuzzTest
    @Timeout(10)
    void grpcInferRequest(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        String encoding = ENCODINGS.get(Byte.toUnsignedInt(input[0]) % ENCODINGS.size());
        Buffer frame = Buffer.buffer(Arrays.copyOfRange(input, 1, input.length));
        HostileInput.decode(input.length, RuntimeException.class, GrpcInferRequestFuzzTest::clientError, () -> {
            ModelInferRequest message = MESSAGES.parse(GrpcMessage.message(encoding, frame), ModelInferRequest.parser());
            try (RequestRegions regions = new RequestRegions(REGION.registry())) {
                InferRequestReader.read(message, regions);
            }
        });
    }

    /** The errors the frontend answers as the client's fault. */
    static boolean clientError(RuntimeException e) {
        return e instanceof GrpcFailure failure && failure.status() != GrpcStatus.INTERNAL
                || e instanceof InferenceException refused && refused.status() != Status.INTERNAL;
    }
}
