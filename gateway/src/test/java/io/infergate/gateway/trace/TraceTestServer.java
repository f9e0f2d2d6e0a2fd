package io.infergate.gateway.trace;

import static io.infergate.testsupport.Await.await;

import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.server.InfergateServer;
import io.infergate.testsupport.ProjectPaths;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole server for the trace tests, over real sockets on loopback: an identity model {@code id}
 * (FP32 in, FP32 out), an ensemble {@code ens} of two {@code id} steps and Triton's decoupled
 * {@code repeat_int32} (one response per value of IN, read from Triton's examples in place), with
 * the trace flags a test gives; and an HTTP client to talk to it.
 */
final class TraceTestServer implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    final InfergateServer server;
    final WebClient client;

    TraceTestServer(Path repository, String... traceFlags) throws IOException {
        writeModels(repository);
        List<String> args = new ArrayList<>(List.of("--model-repository=" + repository,
                "--model-repository=" + ProjectPaths.tritonExamples(), "--model-control-mode=explicit",
                "--load-model=id", "--load-model=ens", "--load-model=repeat_int32", "--http-port=0",
                "--grpc-port=0", "--allow-metrics=false", "--http-address=127.0.0.1", "--grpc-address=127.0.0.1"));
        args.addAll(List.of(traceFlags));
        server = await(InfergateServer.start(ServerOptions.fromArgs(args.toArray(String[]::new))));
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.httpPort()));
    }

    private static void writeModels(Path repository) throws IOException {
        writeModel(repository, "id", """
                backend: "identity"
                max_batch_size: 0
                input [ { name: "INPUT0" data_type: TYPE_FP32 dims: [ -1 ] } ]
                output [ { name: "OUTPUT0" data_type: TYPE_FP32 dims: [ -1 ] } ]
                """);
        writeModel(repository, "ens", """
                platform: "ensemble"
                max_batch_size: 0
                input [ { name: "IN" data_type: TYPE_FP32 dims: [ -1 ] } ]
                output [ { name: "OUT" data_type: TYPE_FP32 dims: [ -1 ] } ]
                ensemble_scheduling {
                  step [ { model_name: "id" model_version: -1
                           input_map { key: "INPUT0" value: "IN" } output_map { key: "OUTPUT0" value: "MID" } },
                         { model_name: "id" model_version: -1
                           input_map { key: "INPUT0" value: "MID" } output_map { key: "OUTPUT0" value: "OUT" } } ]
                }
                """);
    }

    private static void writeModel(Path repository, String name, String config) throws IOException {
        Path version = Files.createDirectories(repository.resolve(name).resolve("1"));
        Files.writeString(version.getParent().resolve("config.pbtxt"), config);
    }

    /** Infers {@code model} over HTTP with JSON tensors; the answer's status is checked by the caller. */
    HttpResponse<Buffer> infer(String model, String input, float... values) {
        JsonArray data = new JsonArray();
        for (float value : values) {
            data.add(value);
        }
        JsonObject body = new JsonObject().put("id", "req-" + model).put("inputs", new JsonArray().add(new JsonObject()
                .put("name", input).put("datatype", "FP32").put("shape", new JsonArray().add(values.length))
                .put("data", data)));
        return await(client.post("/v2/models/" + model + "/infer").sendJsonObject(body));
    }

    /** Posts a JSON body (generate, generate_stream); the answer's status is checked by the caller. */
    HttpResponse<Buffer> post(String path, String body) {
        return await(client.post(path).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)));
    }

    HttpResponse<Buffer> getSettings(String path) {
        return await(client.get(path).send());
    }

    HttpResponse<Buffer> postSettings(String path, String body) {
        return post(path, body);
    }

    @Override
    public void close() {
        await(server.close());
        await(vertx.close());
    }
}
