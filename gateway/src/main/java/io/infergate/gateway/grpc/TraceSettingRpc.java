package io.infergate.gateway.grpc;

import io.infergate.engine.api.ModelCatalog;
import io.infergate.gateway.kserve.proto.TraceSettingRequest;
import io.infergate.gateway.kserve.proto.TraceSettingResponse;
import io.infergate.gateway.trace.TraceFields;
import io.infergate.gateway.trace.Tracing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Triton's TraceSetting RPC: the global settings, or a model's ({@code model_name}); a request
 * with settings changes those (all or none), a setting without values clears it (a model's back
 * to the global one). Every value is a
 * list of strings, one string but for {@code trace_level}.
 */
final class TraceSettingRpc {
    private final Tracing tracing;
    private final ModelCatalog catalog;

    TraceSettingRpc(Tracing tracing, ModelCatalog catalog) {
        this.tracing = tracing;
        this.catalog = catalog;
    }

    TraceSettingResponse settings(TraceSettingRequest request) {
        String model = request.getModelName();
        Tracing.requireModel(catalog, model);
        Map<String, Object> changes = new LinkedHashMap<>();
        request.getSettingsMap().forEach((name, value) -> {
            List<String> values = value.getValueList();
            changes.put(name, values.isEmpty() ? null
                    : name.equals(TraceFields.TRACE_LEVEL) || values.size() > 1 ? values : values.getFirst());
        });
        // without settings it is tritonclient's get_trace_settings: nothing changes
        Map<String, Object> settings = changes.isEmpty() ? tracing.settings(model) : tracing.update(model, changes);
        TraceSettingResponse.Builder response = TraceSettingResponse.newBuilder();
        settings.forEach((name, value) -> {
            TraceSettingResponse.SettingValue.Builder values = TraceSettingResponse.SettingValue.newBuilder();
            if (value instanceof List<?> list) {
                list.forEach(item -> values.addValue(item.toString()));
            } else {
                values.addValue(value.toString());
            }
            response.putSettings(name, values.build());
        });
        return response.build();
    }
}
