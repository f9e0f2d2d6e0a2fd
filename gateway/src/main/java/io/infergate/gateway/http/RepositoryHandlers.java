package io.infergate.gateway.http;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelLoadOverrides;
import io.infergate.engine.api.ModelNames;
import io.infergate.gateway.protocol.LoadOverridesBuilder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Triton's model repository extension: index, load (with config and file overrides), unload. */
final class RepositoryHandlers {
    private final ModelCatalog models;
    private final long maxInputSize;

    RepositoryHandlers(ModelCatalog models, long maxInputSize) {
        this.models = models;
        this.maxInputSize = maxInputSize;
    }

    void index(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        RequestBodies.read(request, maxInputSize)
                .compose(body -> models.repositoryIndex(readyFilter(body)))
                .onSuccess(index -> request.response().putHeader("Content-Type", "application/json")
                        .end(indexJson(index).encode()))
                .onFailure(e -> ErrorResponses.send(request, e));
    }

    void load(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String model = ctx.pathParam("m");
        RequestBodies.read(request, maxInputSize)
                .compose(body -> models.load(ModelNames.requireValid(model), loadOverrides(body)))
                .onSuccess(v -> request.response().setStatusCode(200).end())
                .onFailure(e -> ErrorResponses.send(request, e));
    }

    void unload(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String model = ctx.pathParam("m");
        RequestBodies.read(request, maxInputSize)
                .compose(body -> models.unload(ModelNames.requireValid(model), unloadDependents(body)))
                .onSuccess(v -> request.response().setStatusCode(200).end())
                .onFailure(e -> ErrorResponses.send(request, e));
    }

    static boolean readyFilter(Buffer body) {
        if (RequestBodies.isBlank(body)) {
            return false;
        }
        Object ready = JsonBodies.parseObject(body).getValue("ready");
        if (ready != null && !(ready instanceof Boolean)) {
            throw invalid("Invalid value for 'ready': expected a boolean");
        }
        return Boolean.TRUE.equals(ready);
    }

    /** Triton leaves out an empty version, state or reason: a model never loaded is its name alone. */
    static JsonArray indexJson(List<ModelIndexEntry> entries) {
        JsonArray array = new JsonArray();
        for (ModelIndexEntry entry : entries) {
            JsonObject json = new JsonObject().put("name", entry.name());
            if (entry.version() != null && !entry.version().isEmpty()) {
                json.put("version", entry.version());
            }
            if (entry.state() != null && !entry.state().isEmpty()) {
                json.put("state", entry.state());
            }
            if (entry.reason() != null && !entry.reason().isEmpty()) {
                json.put("reason", entry.reason());
            }
            array.add(json);
        }
        return array;
    }

    /** {@code {"parameters": {"config": "<json>", "file:<version>/<path>": "<base64>"}}}. */
    static ModelLoadOverrides loadOverrides(Buffer body) {
        if (RequestBodies.isBlank(body)) {
            return ModelLoadOverrides.NONE;
        }
        LoadOverridesBuilder overrides = new LoadOverridesBuilder();
        for (Map.Entry<String, Object> entry : parametersOf(JsonBodies.parseObject(body))) {
            String key = entry.getKey();
            Object value = entry.getValue();
            if (key.equals(LoadOverridesBuilder.CONFIG)) {
                if (!(value instanceof String s)) {
                    throw invalid("load parameter 'config' must be a string holding the model configuration as JSON");
                }
                overrides.config(s);
            } else if (key.startsWith(LoadOverridesBuilder.FILE_PREFIX)) {
                if (!(value instanceof String s)) {
                    throw invalid("load parameter '" + key + "' must be a base64 string");
                }
                try {
                    overrides.file(key, Base64.getDecoder().decode(s));
                } catch (IllegalArgumentException e) {
                    throw invalid("load parameter '" + key + "' is not valid base64: " + e.getMessage());
                }
            }
        }
        return overrides.build();
    }

    static boolean unloadDependents(Buffer body) {
        if (RequestBodies.isBlank(body)) {
            return false;
        }
        Object value = parametersOf(JsonBodies.parseObject(body)).getValue("unload_dependents");
        if (value != null && !(value instanceof Boolean)) {
            throw invalid("unload parameter 'unload_dependents' must be a boolean");
        }
        return Boolean.TRUE.equals(value);
    }

    private static JsonObject parametersOf(JsonObject json) {
        Object parameters = json.getValue("parameters");
        if (parameters == null) {
            return new JsonObject();
        }
        if (!(parameters instanceof JsonObject object)) {
            throw invalid("'parameters' must be an object");
        }
        return object;
    }
}
