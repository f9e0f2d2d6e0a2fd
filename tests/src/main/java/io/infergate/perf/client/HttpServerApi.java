package io.infergate.perf.client;

import io.infergate.perf.PerfException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The KServe v2 HTTP calls around the load: model metadata and configuration before it, the
 * statistics extension between measurement windows. Called from the tool's main thread.
 */
public final class HttpServerApi implements ServerApi {
    private static final long TIMEOUT_SECONDS = 30;

    private final HttpClient client;
    private final String host;
    private final int port;
    private final String modelPath;

    public HttpServerApi(HttpClient client, String host, int port, String model, String version) {
        this.client = client;
        this.host = host;
        this.port = port;
        this.modelPath = "/v2/models/" + model + (version.isEmpty() ? "" : "/versions/" + version);
    }

    public String inferPath() {
        return modelPath + "/infer";
    }

    @Override
    public ModelInfo modelInfo() {
        JsonObject metadata = get(modelPath);
        JsonObject config = get(modelPath + "/config");
        int maxBatch = config.getInteger("max_batch_size", 0);
        List<TensorSpec> inputs = new ArrayList<>();
        for (Object o : metadata.getJsonArray("inputs", new JsonArray())) {
            JsonObject input = (JsonObject) o;
            List<Long> shape = input.getJsonArray("shape", new JsonArray()).stream()
                    .map(d -> ((Number) d).longValue()).toList();
            inputs.add(TensorSpec.fromMetadata(input.getString("name"), input.getString("datatype"), shape,
                    maxBatch > 0));
        }
        JsonArray versions = metadata.getJsonArray("versions", new JsonArray());
        boolean decoupled = config.getJsonObject("model_transaction_policy", new JsonObject())
                .getBoolean("decoupled", false);
        return new ModelInfo(metadata.getString("name"), versions.isEmpty() ? "" : versions.getString(0), maxBatch,
                decoupled, inputs);
    }

    @Override
    public ServerStats snapshot() {
        JsonArray models = get(modelPath + "/stats").getJsonArray("model_stats", new JsonArray());
        ServerStats total = ServerStats.NONE;
        for (Object o : models) {
            JsonObject s = ((JsonObject) o).getJsonObject("inference_stats", new JsonObject());
            total = total.plus(new ServerStats(duration(s, "success"), duration(s, "queue"),
                    duration(s, "compute_input"), duration(s, "compute_infer"), duration(s, "compute_output")));
        }
        return total;
    }

    private static ServerStats.Duration duration(JsonObject stats, String key) {
        JsonObject d = stats.getJsonObject(key, new JsonObject());
        return new ServerStats.Duration(d.getLong("count", 0L), d.getLong("ns", 0L));
    }

    private JsonObject get(String path) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
                .setURI(path);
        Future<Buffer> reply = client.request(options).compose(request -> request.send()
                .compose(response -> response.body().compose(body -> response.statusCode() == 200
                        ? Future.succeededFuture(body)
                        : Future.failedFuture(HttpErrors.describe(response, body)))));
        try {
            return reply.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .toJsonObject();
        } catch (ExecutionException e) {
            throw new PerfException(describe(path, e.getCause()));
        } catch (Exception e) {
            throw new PerfException("GET " + path + " on " + host + ":" + port + ": " + e);
        }
    }

    private String describe(String path, Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        if (message.startsWith("HTTP ")) {
            return "GET " + path + ": " + message;
        }
        return "cannot reach the server at " + host + ":" + port + " (" + message + ")";
    }
}
