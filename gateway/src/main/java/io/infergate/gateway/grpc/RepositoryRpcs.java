package io.infergate.gateway.grpc;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelLoadOverrides;
import io.infergate.engine.api.ModelNames;
import io.infergate.gateway.kserve.proto.ModelRepositoryParameter;
import io.infergate.gateway.kserve.proto.RepositoryIndexRequest;
import io.infergate.gateway.kserve.proto.RepositoryIndexResponse;
import io.infergate.gateway.kserve.proto.RepositoryIndexResponse.ModelIndex;
import io.infergate.gateway.kserve.proto.RepositoryModelLoadRequest;
import io.infergate.gateway.kserve.proto.RepositoryModelLoadResponse;
import io.infergate.gateway.kserve.proto.RepositoryModelUnloadRequest;
import io.infergate.gateway.kserve.proto.RepositoryModelUnloadResponse;
import io.infergate.gateway.protocol.LoadOverridesBuilder;
import io.vertx.core.Future;
import java.util.Map;

/** Triton's model repository extension: index, load (with config and file overrides), unload. */
final class RepositoryRpcs {
    private static final String UNLOAD_DEPENDENTS = "unload_dependents";

    private final ModelCatalog models;

    RepositoryRpcs(ModelCatalog models) {
        this.models = models;
    }

    Future<RepositoryIndexResponse> index(RepositoryIndexRequest request) {
        return models.repositoryIndex(request.getReady()).map(index -> {
            RepositoryIndexResponse.Builder response = RepositoryIndexResponse.newBuilder();
            for (ModelIndexEntry entry : index) {
                response.addModels(ModelIndex.newBuilder()
                        .setName(entry.name())
                        .setVersion(entry.version() == null ? "" : entry.version())
                        .setState(entry.state() == null ? "" : entry.state())
                        .setReason(entry.reason() == null ? "" : entry.reason()));
            }
            return response.build();
        });
    }

    Future<RepositoryModelLoadResponse> load(RepositoryModelLoadRequest request) {
        return models.load(ModelNames.requireValid(request.getModelName()), overrides(request.getParametersMap()))
                .map(v -> RepositoryModelLoadResponse.getDefaultInstance());
    }

    Future<RepositoryModelUnloadResponse> unload(RepositoryModelUnloadRequest request) {
        ModelRepositoryParameter dependents = request.getParametersMap().get(UNLOAD_DEPENDENTS);
        if (dependents != null
                && dependents.getParameterChoiceCase() != ModelRepositoryParameter.ParameterChoiceCase.BOOL_PARAM) {
            throw invalid("unload parameter '" + UNLOAD_DEPENDENTS + "' must be a boolean");
        }
        return models.unload(ModelNames.requireValid(request.getModelName()),
                dependents != null && dependents.getBoolParam())
                .map(v -> RepositoryModelUnloadResponse.getDefaultInstance());
    }

    /** "config" is a string of JSON; "file:..." values are the file's bytes (no base64 over gRPC). */
    static ModelLoadOverrides overrides(Map<String, ModelRepositoryParameter> parameters) {
        LoadOverridesBuilder overrides = new LoadOverridesBuilder();
        for (Map.Entry<String, ModelRepositoryParameter> entry : parameters.entrySet()) {
            String key = entry.getKey();
            ModelRepositoryParameter value = entry.getValue();
            if (key.equals(LoadOverridesBuilder.CONFIG)) {
                if (value.getParameterChoiceCase() != ModelRepositoryParameter.ParameterChoiceCase.STRING_PARAM) {
                    throw invalid("load parameter 'config' must be a string holding the model configuration as JSON");
                }
                overrides.config(value.getStringParam());
            } else if (key.startsWith(LoadOverridesBuilder.FILE_PREFIX)) {
                if (value.getParameterChoiceCase() != ModelRepositoryParameter.ParameterChoiceCase.BYTES_PARAM) {
                    throw invalid("load parameter '" + key + "' must be bytes");
                }
                overrides.file(key, value.getBytesParam().toByteArray());
            }
        }
        return overrides.build();
    }
}
