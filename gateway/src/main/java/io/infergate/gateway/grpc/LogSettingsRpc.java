package io.infergate.gateway.grpc;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.gateway.kserve.proto.LogSettingsRequest;
import io.infergate.gateway.kserve.proto.LogSettingsResponse;
import io.infergate.gateway.logging.ServerLog;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Triton's LogSettings RPC: a request without settings reads them; one with settings changes
 * those (all or none). Either way the answer holds every setting.
 */
final class LogSettingsRpc {
    private final ServerLog log;

    LogSettingsRpc(ServerLog log) {
        this.log = log;
    }

    LogSettingsResponse settings(LogSettingsRequest request) {
        Map<String, Object> changes = new LinkedHashMap<>();
        request.getSettingsMap().forEach((name, value) -> changes.put(name, switch (value.getParameterChoiceCase()) {
            case BOOL_PARAM -> value.getBoolParam();
            // uint32 on the wire: read unsigned, so a level above 2^31 is refused rather than negative
            case UINT32_PARAM -> Integer.toUnsignedLong(value.getUint32Param());
            case STRING_PARAM -> value.getStringParam();
            case PARAMETERCHOICE_NOT_SET -> throw invalid("log setting '" + name + "' has no value");
        }));
        Map<String, Object> settings = (changes.isEmpty() ? log.current() : log.update(changes)).asMap();
        LogSettingsResponse.Builder response = LogSettingsResponse.newBuilder();
        settings.forEach((name, value) -> response.putSettings(name, switch (value) {
            case Boolean b -> LogSettingsResponse.SettingValue.newBuilder().setBoolParam(b).build();
            case Integer level -> LogSettingsResponse.SettingValue.newBuilder().setUint32Param(level).build();
            default -> LogSettingsResponse.SettingValue.newBuilder().setStringParam(value.toString()).build();
        }));
        return response.build();
    }
}
