package io.infergate.gateway.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MethodRoutesTest {

    @Test
    void aKnownMethodIsItsOwnRoute() {
        assertEquals("/inference.GRPCInferenceService/ModelInfer",
                MethodRoutes.route("/inference.GRPCInferenceService/ModelInfer"));
    }

    @Test
    void theHealthCheckIsItsOwnRoute() {
        assertEquals("/grpc.health.v1.Health/Check", MethodRoutes.route("/grpc.health.v1.Health/Check"));
    }

    @Test
    void inventedPathsShareOneRoute() {
        assertEquals(MethodRoutes.UNKNOWN, MethodRoutes.route("/inference.GRPCInferenceService/Nope123"));
        assertEquals(MethodRoutes.UNKNOWN, MethodRoutes.route("/x"));
    }
}
