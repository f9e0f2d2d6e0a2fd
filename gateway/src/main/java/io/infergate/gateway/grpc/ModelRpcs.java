package io.infergate.gateway.grpc;

import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.ModelMetadata;
import io.infergate.gateway.kserve.proto.ModelConfigRequest;
import io.infergate.gateway.kserve.proto.ModelConfigResponse;
import io.infergate.gateway.kserve.proto.ModelMetadataRequest;
import io.infergate.gateway.kserve.proto.ModelMetadataResponse;
import io.infergate.gateway.kserve.proto.ModelMetadataResponse.TensorMetadata;
import io.infergate.gateway.kserve.proto.ModelReadyRequest;
import io.infergate.gateway.kserve.proto.ModelReadyResponse;
import io.infergate.gateway.kserve.proto.ModelStatisticsRequest;
import io.infergate.gateway.kserve.proto.ModelStatisticsResponse;
import io.infergate.gateway.kserve.proto.ServerLiveRequest;
import io.infergate.gateway.kserve.proto.ServerLiveResponse;
import io.infergate.gateway.kserve.proto.ServerMetadataRequest;
import io.infergate.gateway.kserve.proto.ServerMetadataResponse;
import io.infergate.gateway.kserve.proto.ServerReadyRequest;
import io.infergate.gateway.kserve.proto.ServerReadyResponse;
import io.infergate.gateway.protocol.ServerExtensions;
import java.util.List;

/** Health, server and model metadata, configuration and statistics: answers straight from the models. */
final class ModelRpcs {
    private final ModelCatalog models;
    private final GrpcSettings settings;
    private final boolean systemSharedMemory;

    ModelRpcs(ModelCatalog models, GrpcSettings settings, boolean systemSharedMemory) {
        this.models = models;
        this.settings = settings;
        this.systemSharedMemory = systemSharedMemory;
    }

    ServerLiveResponse live(ServerLiveRequest request) {
        return ServerLiveResponse.newBuilder().setLive(models.isLive()).build();
    }

    ServerReadyResponse ready(ServerReadyRequest request) {
        return ServerReadyResponse.newBuilder().setReady(models.isReady()).build();
    }

    ModelReadyResponse modelReady(ModelReadyRequest request) {
        return ModelReadyResponse.newBuilder()
                .setReady(models.isModelReady(request.getName(), request.getVersion())).build();
    }

    ServerMetadataResponse server(ServerMetadataRequest request) {
        return ServerMetadataResponse.newBuilder()
                .setName(settings.serverName())
                .setVersion(settings.serverVersion())
                .addAllExtensions(ServerExtensions.list(systemSharedMemory))
                .build();
    }

    ModelMetadataResponse metadata(ModelMetadataRequest request) {
        ModelMetadata metadata = models.metadata(request.getName(), request.getVersion());
        return ModelMetadataResponse.newBuilder()
                .setName(metadata.name())
                .addAllVersions(metadata.versions())
                .setPlatform(metadata.platform())
                .addAllInputs(tensors(metadata.inputs()))
                .addAllOutputs(tensors(metadata.outputs()))
                .build();
    }

    ModelConfigResponse config(ModelConfigRequest request) {
        return ModelConfigResponse.newBuilder().setConfig(models.config(request.getName(), request.getVersion()))
                .build();
    }

    ModelStatisticsResponse statistics(ModelStatisticsRequest request) {
        return StatisticsMessages.of(models.statistics(request.getName(), request.getVersion()));
    }

    private static List<TensorMetadata> tensors(List<ModelMetadata.TensorMetadata> tensors) {
        return tensors.stream().map(t -> {
            TensorMetadata.Builder tensor = TensorMetadata.newBuilder().setName(t.name()).setDatatype(t.datatype());
            for (long dim : t.shape()) {
                tensor.addShape(dim);
            }
            return tensor.build();
        }).toList();
    }
}
