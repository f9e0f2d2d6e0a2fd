package io.infergate.gateway.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.grpc.GrpcTestClient.Reply;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.LogSettingsRequest;
import io.infergate.gateway.kserve.proto.LogSettingsRequest.SettingValue;
import io.infergate.gateway.kserve.proto.LogSettingsResponse;
import io.infergate.gateway.logging.LogSettings;
import io.infergate.gateway.logging.ServerLog;
import io.vertx.grpc.common.GrpcStatus;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Triton's LogSettings RPC: reading, changing, and the values it refuses. */
class GrpcLogSettingsTest {
    @RegisterExtension
    static final GrpcFrontendFixture grpc = new GrpcFrontendFixture();

    @AfterEach
    void backToDefaults() {
        ServerLog.process().configure(LogSettings.DEFAULTS, Optional.empty());
    }

    private static Reply<LogSettingsResponse> call(LogSettingsRequest request) {
        return grpc.client().call(GRPCInferenceServiceGrpcClient.LogSettings, request);
    }

    private static LogSettingsRequest change(String name, SettingValue value) {
        return LogSettingsRequest.newBuilder().putSettings(name, value).build();
    }

    @Test
    void anEmptyRequestReadsEverySetting() {
        LogSettingsResponse settings = call(LogSettingsRequest.getDefaultInstance()).single();
        assertEquals("", settings.getSettingsOrThrow("log_file").getStringParam());
        assertTrue(settings.getSettingsOrThrow("log_info").getBoolParam());
        assertEquals(0, settings.getSettingsOrThrow("log_verbose_level").getUint32Param());
        assertEquals("default", settings.getSettingsOrThrow("log_format").getStringParam());
        assertEquals(6, settings.getSettingsCount());
    }

    @Test
    void aChangeAppliesAndIsAnswered() {
        LogSettingsResponse settings = call(LogSettingsRequest.newBuilder()
                .putSettings("log_verbose_level", SettingValue.newBuilder().setUint32Param(3).build())
                .putSettings("log_error", SettingValue.newBuilder().setBoolParam(false).build()).build()).single();
        assertEquals(3, settings.getSettingsOrThrow("log_verbose_level").getUint32Param());
        assertEquals(false, settings.getSettingsOrThrow("log_error").getBoolParam());
        assertEquals(3, ServerLog.process().current().verboseLevel());
    }

    @Test
    void badSettingsAreInvalidArguments() {
        Reply<LogSettingsResponse> unknown = call(change("log_colour", SettingValue.newBuilder().setBoolParam(true)
                .build()));
        assertEquals(GrpcStatus.INVALID_ARGUMENT, unknown.status());
        assertTrue(unknown.message().startsWith("unknown log setting 'log_colour'"), unknown.message());
        Reply<LogSettingsResponse> noValue = call(change("log_info", SettingValue.getDefaultInstance()));
        assertEquals("log setting 'log_info' has no value", noValue.message());
        Reply<LogSettingsResponse> huge = call(change("log_verbose_level", SettingValue.newBuilder()
                .setUint32Param(-1).build()));
        assertEquals(GrpcStatus.INVALID_ARGUMENT, huge.status());
        Reply<LogSettingsResponse> file = call(change("log_file", SettingValue.newBuilder().setStringParam("/tmp/x.log")
                .build()));
        assertEquals(GrpcStatus.INVALID_ARGUMENT, file.status());
        assertEquals(LogSettings.DEFAULTS, ServerLog.process().current());
    }
}
