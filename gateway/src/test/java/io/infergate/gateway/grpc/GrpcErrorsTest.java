package io.infergate.gateway.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.engine.api.Status;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The engine's statuses as Triton's gRPC frontend maps its error codes. */
class GrpcErrorsTest {

    @ParameterizedTest
    @CsvSource({"INVALID_ARG,INVALID_ARGUMENT", "ALREADY_EXISTS,ALREADY_EXISTS", "CANCELLED,CANCELLED",
            "UNKNOWN,UNKNOWN", "NOT_FOUND,NOT_FOUND", "UNAVAILABLE,UNAVAILABLE", "UNSUPPORTED,UNIMPLEMENTED",
            "INTERNAL,INTERNAL"})
    void eachStatusHasTritonsGrpcCode(Status status, GrpcStatus grpc) {
        assertEquals(grpc, GrpcErrors.code(status));
    }
}
