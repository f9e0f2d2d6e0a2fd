package io.infergate.gateway.http;

import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.ModelMetadata;
import io.infergate.engine.config.ModelConfigJson;
import io.infergate.gateway.protocol.ServerExtensions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Supplier;

/** Health, server metadata, model metadata, readiness, configuration and statistics. */
final class ModelHandlers {
    private final ModelCatalog models;
    private final HttpSettings settings;
    private final boolean systemSharedMemory;

    ModelHandlers(ModelCatalog models, HttpSettings settings, boolean systemSharedMemory) {
        this.models = models;
        this.settings = settings;
        this.systemSharedMemory = systemSharedMemory;
    }

    /** Triton answers health and readiness with an empty body: 200 yes, 400 no. */
    void live(RoutingContext ctx) {
        ctx.response().setStatusCode(models.isLive() ? 200 : 400).end();
    }

    void ready(RoutingContext ctx) {
        ctx.response().setStatusCode(models.isReady() ? 200 : 400).end();
    }

    void modelReady(RoutingContext ctx) {
        ctx.response().setStatusCode(models.isModelReady(model(ctx), version(ctx)) ? 200 : 400).end();
    }

    void server(RoutingContext ctx) {
        json(ctx, () -> new JsonObject()
                .put("name", settings.serverName())
                .put("version", settings.serverVersion())
                .put("extensions", new JsonArray(ServerExtensions.list(systemSharedMemory)))
                .encode());
    }

    void metadata(RoutingContext ctx) {
        json(ctx, () -> metadataJson(models.metadata(model(ctx), version(ctx))).encode());
    }

    void config(RoutingContext ctx) {
        json(ctx, () -> ModelConfigJson.toJson(models.config(model(ctx), version(ctx))));
    }

    void statistics(RoutingContext ctx) {
        json(ctx, () -> StatisticsJson.of(models.statistics(model(ctx), version(ctx))).encode());
    }

    static JsonObject metadataJson(ModelMetadata metadata) {
        return new JsonObject()
                .put("name", metadata.name())
                .put("versions", new JsonArray(List.copyOf(metadata.versions())))
                .put("platform", metadata.platform())
                .put("inputs", tensors(metadata.inputs()))
                .put("outputs", tensors(metadata.outputs()));
    }

    private static JsonArray tensors(List<ModelMetadata.TensorMetadata> tensors) {
        JsonArray array = new JsonArray();
        for (ModelMetadata.TensorMetadata t : tensors) {
            JsonArray shape = new JsonArray();
            for (long dim : t.shape()) {
                shape.add(dim);
            }
            array.add(new JsonObject().put("name", t.name()).put("datatype", t.datatype()).put("shape", shape));
        }
        return array;
    }

    private static String model(RoutingContext ctx) {
        String model = ctx.pathParam("m");
        return model == null ? "" : model;
    }

    private static String version(RoutingContext ctx) {
        String version = ctx.pathParam("v");
        return version == null ? "" : version;
    }

    private static void json(RoutingContext ctx, Supplier<String> body) {
        String text;
        try {
            text = body.get();
        } catch (RuntimeException e) {
            ErrorResponses.send(ctx.request(), e);
            return;
        }
        ctx.response().putHeader("Content-Type", "application/json").end(text);
    }
}
