package io.infergate.gateway.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.TraceSettingRequest;
import io.infergate.gateway.kserve.proto.TraceSettingRequest.SettingValue;
import io.infergate.gateway.kserve.proto.TraceSettingResponse;
import io.infergate.gateway.trace.GrpcCalls.Reply;
import io.vertx.grpc.common.GrpcStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Triton's TraceSetting RPC over real HTTP/2: reading, changing, clearing, and what it refuses. */
class GrpcTraceSettingTest {
    @TempDir
    Path repository;
    @TempDir
    Path traces;
    private TraceTestServer server;
    private GrpcCalls grpc;

    @BeforeEach
    void start() throws Exception {
        server = new TraceTestServer(repository, "--trace-dir=" + traces);
        grpc = new GrpcCalls(server.server.grpcPort());
    }

    @AfterEach
    void stop() {
        grpc.close();
        server.close();
    }

    private Reply<TraceSettingResponse> call(String model, String name, String... values) {
        TraceSettingRequest.Builder request = TraceSettingRequest.newBuilder().setModelName(model);
        if (name != null) {
            request.putSettings(name, SettingValue.newBuilder().addAllValue(List.of(values)).build());
        }
        return grpc.call(GRPCInferenceServiceGrpcClient.TraceSetting, request.build());
    }

    private static List<String> value(Reply<TraceSettingResponse> reply, String name) {
        assertEquals(GrpcStatus.OK, reply.status(), reply.message());
        return reply.response().getSettingsOrThrow(name).getValueList();
    }

    @Test
    void aRequestWithoutSettingsReadsThemAll() {
        Reply<TraceSettingResponse> reply = call("", null);
        assertEquals(List.of("OFF"), value(reply, "trace_level"));
        assertEquals(List.of("1000"), value(reply, "trace_rate"));
        assertEquals(List.of("-1"), value(reply, "trace_count"));
        assertEquals(List.of("0"), value(reply, "log_frequency"));
        assertEquals(List.of(""), value(reply, "trace_file"));
        assertEquals(List.of("triton"), value(reply, "trace_mode"));
    }

    @Test
    void aModelsChangeAppliesToItAlone() {
        assertEquals(List.of("TIMESTAMPS", "TENSORS"), value(call("id", "trace_level", "TIMESTAMPS", "TENSORS"),
                "trace_level"));
        assertEquals(List.of("TIMESTAMPS", "TENSORS"), value(call("id", null), "trace_level"));
        assertEquals(List.of("OFF"), value(call("", null), "trace_level"));
    }

    @Test
    void aSettingWithoutValuesClearsItBackToTheGlobalOne() {
        call("", "trace_rate", "10");
        call("id", "trace_rate", "3");
        assertEquals(List.of("10"), value(call("id", "trace_rate"), "trace_rate"));
    }

    @Test
    void badSettingsAreInvalidArguments() {
        Reply<TraceSettingResponse> level = call("", "trace_level", "LOUD");
        assertEquals(GrpcStatus.INVALID_ARGUMENT, level.status());
        assertTrue(level.message().contains("unknown trace level 'LOUD'"), level.message());
        assertEquals(GrpcStatus.INVALID_ARGUMENT, call("", "trace_rate", "-5").status());
        assertEquals(GrpcStatus.INVALID_ARGUMENT, call("", "trace_rate", "1", "2").status());
        assertEquals(GrpcStatus.INVALID_ARGUMENT, call("", "trace_file", "../x.json").status());
        assertEquals(GrpcStatus.INVALID_ARGUMENT, call("", "sampling", "1").status());
        Reply<TraceSettingResponse> unknown = call("nope", "trace_rate", "1");
        assertEquals(GrpcStatus.INVALID_ARGUMENT, unknown.status());
        assertEquals("Request for unknown model : nope", unknown.message());
        assertEquals(List.of("1000"), value(call("", null), "trace_rate"));
    }
}
