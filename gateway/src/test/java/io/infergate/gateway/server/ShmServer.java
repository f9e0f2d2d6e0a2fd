package io.infergate.gateway.server;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.gateway.config.ServerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole server in-process on free ports, started from flags (with or without
 * {@code --allow-client-shm=true}), over identity models: {@code id_fp32}, {@code id_int32},
 * {@code id_bytes} (INPUT0 to OUTPUT0), {@code pair} (INT32 A and BYTES B to OA and OB) and
 * {@code slow_fp32} (id_fp32 that takes 300 ms). One server per test class:
 * <pre>{@code @RegisterExtension static final ShmServer server = new ShmServer(true);}</pre>
 * After every test it checks that the server is live and unregisters every region.
 */
public final class ShmServer implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private final boolean allowClientShm;
    private Path repository;
    private InfergateServer server;
    private Vertx vertx;
    private WebClient http;

    public ShmServer(boolean allowClientShm) {
        this.allowClientShm = allowClientShm;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        repository = Files.createTempDirectory("shm-server");
        identity("id_fp32", "TYPE_FP32", "");
        identity("id_int32", "TYPE_INT32", "");
        identity("id_bytes", "TYPE_STRING", "");
        identity("slow_fp32", "TYPE_FP32", "parameters { key: \"execute_delay_ms\" value { string_value: \"300\" } }");
        model("pair", """
                backend: "identity"
                max_batch_size: 0
                input [ { name: "A" data_type: TYPE_INT32 dims: [ -1 ] }, { name: "B" data_type: TYPE_STRING dims: [ -1 ] } ]
                output [ { name: "OA" data_type: TYPE_INT32 dims: [ -1 ] }, { name: "OB" data_type: TYPE_STRING dims: [ -1 ] } ]
                """);
        server = await(InfergateServer.start(ServerOptions.fromArgs("--model-repository=" + repository,
                "--http-port=0", "--grpc-port=0", "--allow-metrics=false", "--http-address=127.0.0.1",
                "--grpc-address=127.0.0.1", "--allow-client-shm=" + allowClientShm)));
        vertx = Vertx.vertx();
        http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.httpPort()));
    }

    private void identity(String name, String type, String extra) throws IOException {
        model(name, """
                backend: "identity"
                max_batch_size: 0
                input [ { name: "INPUT0" data_type: %s dims: [ -1 ] } ]
                output [ { name: "OUTPUT0" data_type: %s dims: [ -1 ] } ]
                %s
                """.formatted(type, type, extra));
    }

    private void model(String name, String config) throws IOException {
        Path dir = Files.createDirectories(repository.resolve(name).resolve("1"));
        Files.writeString(dir.getParent().resolve("config.pbtxt"), config);
    }

    /** Every test, good or bad, leaves the server live; its regions go. */
    @Override
    public void afterEach(ExtensionContext context) {
        assertEquals(200, get("/v2/health/live").statusCode());
        assertEquals(200, post("/v2/systemsharedmemory/unregister", "").statusCode());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        http.close();
        await(vertx.close());
        await(server.close());
        try (Stream<Path> files = Files.walk(repository)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    public InfergateServer server() {
        return server;
    }

    /** A Vert.x of the test's own, for clients. */
    public Vertx vertx() {
        return vertx;
    }

    public HttpResponse<Buffer> get(String path) {
        return await(http.get(path).send());
    }

    public HttpResponse<Buffer> post(String path, String json) {
        return await(http.post(path).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(json)));
    }

    public HttpResponse<Buffer> post(String path, JsonObject json) {
        return post(path, json.encode());
    }

    /** A binary-extension body: the JSON header, then the tensors' bytes. */
    public HttpResponse<Buffer> postBinary(String path, JsonObject json, Buffer tensors) {
        Buffer header = json.toBuffer();
        return await(http.post(path).putHeader("Inference-Header-Content-Length", Integer.toString(header.length()))
                .sendBuffer(header.copy().appendBuffer(tensors)));
    }

    /** Registers a region and checks that it worked. */
    public void register(String name, String key, long offset, long byteSize) {
        HttpResponse<Buffer> response = post("/v2/systemsharedmemory/region/" + name + "/register",
                new JsonObject().put("key", key).put("offset", offset).put("byte_size", byteSize));
        assertEquals(200, response.statusCode(), response.bodyAsString());
    }

    /** The error message of a failed answer, after checking its status. */
    public static String error(HttpResponse<Buffer> response, int status) {
        assertEquals(status, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getString("error");
    }
}
