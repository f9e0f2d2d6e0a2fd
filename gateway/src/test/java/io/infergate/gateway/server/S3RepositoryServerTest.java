package io.infergate.gateway.server;

import static io.infergate.testsupport.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.s3.S3Access;
import io.infergate.gateway.s3.S3Store;
import io.infergate.testsupport.ProjectPaths;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server over a model repository in a real S3-compatible store (S3Proxy over a folder):
 * Triton's {@code simple} ONNX model and a Python model served from the bucket over HTTP, poll
 * mode applying the bucket's changes, explicit load and unload, an S3 and a local repository side
 * by side, and the store's failures reported while the server stays up.
 */
class S3RepositoryServerTest {

    @AutoClose
    private static final S3Store STORE = S3Store.inTemporaryFolder();

    @TempDir
    Path localRepository;
    private String bucket;
    private InfergateServer server;
    private Vertx vertx;
    private WebClient client;

    @BeforeEach
    void newBucket() {
        bucket = STORE.newBucket();
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stopServer() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close().await();
        }
        vertx.close().await();
    }

    private void uploadSimple() {
        STORE.upload(ProjectPaths.tritonExamples().resolve("simple"), bucket, "models/simple/");
    }

    private void start(S3Access access, String... flags) {
        List<String> args = new ArrayList<>(List.of("--http-port=0", "--metrics-port=0", "--grpc-port=0",
                "--http-address=127.0.0.1", "--grpc-address=127.0.0.1"));
        args.addAll(List.of(flags));
        server = InfergateServer.start(ServerOptions.fromArgs(args.toArray(String[]::new)).withS3Access(access)).await();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.httpPort()));
    }

    private void start(String... flags) {
        start(S3Store.access(), flags);
    }

    private String s3Repository() {
        return "--model-repository=" + STORE.location(bucket, "models");
    }

    private HttpResponse<Buffer> post(String path, JsonObject body) {
        return client.post(path).sendJsonObject(body).await();
    }

    private HttpResponse<Buffer> get(String path) {
        return client.get(path).send().await();
    }

    /** INPUT0 = 0..15, INPUT1 = 1s, as Triton's simple client sends. */
    private static JsonObject addSubRequest() {
        JsonArray counting = new JsonArray(IntStream.range(0, 16).boxed().toList());
        JsonArray ones = new JsonArray(IntStream.range(0, 16).mapToObj(i -> 1).toList());
        return new JsonObject().put("inputs", new JsonArray()
                .add(tensor("INPUT0", counting)).add(tensor("INPUT1", ones)));
    }

    private static JsonObject tensor(String name, JsonArray data) {
        return new JsonObject().put("name", name).put("datatype", "INT32")
                .put("shape", new JsonArray().add(1).add(data.size())).put("data", data);
    }

    private static JsonArray output(HttpResponse<Buffer> answer, String name) {
        for (Object output : answer.bodyAsJsonObject().getJsonArray("outputs")) {
            JsonObject tensor = (JsonObject) output;
            if (tensor.getString("name").equals(name)) {
                return tensor.getJsonArray("data");
            }
        }
        throw new AssertionError("no output " + name + " in " + answer.bodyAsString());
    }

    private void assertAddsAndSubtracts(HttpResponse<Buffer> answer) {
        assertEquals(200, answer.statusCode(), answer.bodyAsString());
        assertEquals(new JsonArray(IntStream.range(1, 17).boxed().toList()), output(answer, "OUTPUT0"));
        assertEquals(new JsonArray(IntStream.range(-1, 15).boxed().toList()), output(answer, "OUTPUT1"));
    }

    private String indexError() {
        HttpResponse<Buffer> index = post("/v2/repository/index", new JsonObject());
        assertTrue(index.statusCode() >= 400, "the index call fails: " + index.bodyAsString());
        return index.bodyAsJsonObject().getString("error");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theSimpleOnnxModelServesFromTheBucket() {
        uploadSimple();
        start(s3Repository());
        assertAddsAndSubtracts(post("/v2/models/simple/infer", addSubRequest()));
    }

    @Test
    void aPythonModelServesFromTheBucket() {
        STORE.upload(ProjectPaths.examples().resolve("python_add_sub"), bucket, "models/python_add_sub/");
        start(s3Repository());
        assertAddsAndSubtracts(post("/v2/models/python_add_sub/infer", addSubRequest()));
    }

    @Test
    void pollModeLoadsAVersionAddedToTheBucket() {
        uploadSimple();
        start(s3Repository(), "--model-control-mode=poll", "--repository-poll-secs=1");
        assertEquals(new JsonArray().add("1"), get("/v2/models/simple").bodyAsJsonObject().getJsonArray("versions"));
        STORE.upload(ProjectPaths.tritonExamples().resolve("simple/1"), bucket, "models/simple/2/");
        eventually("version 2 replaces version 1", () -> get("/v2/models/simple"),
                metadata -> new JsonArray().add("2").equals(metadata.bodyAsJsonObject().getJsonArray("versions")));
        assertAddsAndSubtracts(post("/v2/models/simple/versions/2/infer", addSubRequest()));
    }

    @Test
    void pollModeReloadsAModelWhoseConfigChangedInTheBucket() {
        STORE.put(bucket, "models/echo/config.pbtxt", TestServers.ECHO_CONFIG);
        STORE.put(bucket, "models/echo/1/.keep", "");
        start(s3Repository(), "--model-control-mode=poll", "--repository-poll-secs=1");
        assertEquals(8, get("/v2/models/echo/config").bodyAsJsonObject().getInteger("max_batch_size"));
        STORE.put(bucket, "models/echo/config.pbtxt", TestServers.ECHO_CONFIG.replace("max_batch_size: 8", "max_batch_size: 4"));
        eventually("the new config serves", () -> get("/v2/models/echo/config"),
                config -> config.bodyAsJsonObject().getInteger("max_batch_size") == 4);
    }

    @Test
    void pollModeLoadsAModelAddedToTheBucketAndUnloadsOneRemoved() {
        uploadSimple();
        start(s3Repository(), "--model-control-mode=poll", "--repository-poll-secs=1");
        STORE.put(bucket, "models/echo/config.pbtxt", TestServers.ECHO_CONFIG);
        STORE.put(bucket, "models/echo/1/.keep", "");
        eventually("the added model is ready", () -> get("/v2/models/echo/ready").statusCode() == 200);
        STORE.delete(bucket, "models/simple/config.pbtxt");
        STORE.delete(bucket, "models/simple/1/model.onnx");
        eventually("the removed model is gone", () -> get("/v2/models/simple/ready").statusCode() != 200);
    }

    @Test
    void explicitModeLoadsAndUnloadsFromTheBucketAndTheIndexListsIt() {
        uploadSimple();
        start(s3Repository(), "--model-control-mode=explicit");
        JsonArray index = post("/v2/repository/index", new JsonObject()).bodyAsJsonArray();
        assertEquals("simple", index.getJsonObject(0).getString("name"));
        assertEquals(200, post("/v2/repository/models/simple/load", new JsonObject()).statusCode());
        assertAddsAndSubtracts(post("/v2/models/simple/infer", addSubRequest()));
        assertEquals(200, post("/v2/repository/models/simple/unload", new JsonObject()).statusCode());
        eventually("simple is unloaded", () -> get("/v2/models/simple/ready").statusCode() != 200);
    }

    @Test
    void anS3AndALocalRepositoryServeSideBySide() throws IOException {
        uploadSimple();
        Files.createDirectories(localRepository.resolve("echo/1"));
        Files.writeString(localRepository.resolve("echo/config.pbtxt"), TestServers.ECHO_CONFIG);
        start(s3Repository(), "--model-repository=" + localRepository);
        assertAddsAndSubtracts(post("/v2/models/simple/infer", addSubRequest()));
        assertEquals(200, get("/v2/models/echo/ready").statusCode());
    }

    @Test
    void aKeyThatClimbsOutOfItsModelMakesItUnavailableWithTheReason() throws IOException {
        try (S3Store anyKey = S3Store.inMemory()) {
            String hostile = anyKey.newBucket();
            anyKey.upload(ProjectPaths.tritonExamples().resolve("simple"), hostile, "models/simple/");
            anyKey.upload(ProjectPaths.tritonExamples().resolve("simple"), hostile, "models/evil/");
            anyKey.put(hostile, "models/evil/1/../../../escaped.txt", "outside");
            start("--model-repository=" + anyKey.location(hostile, "models"), "--exit-on-error=false");
            assertAddsAndSubtracts(post("/v2/models/simple/infer", addSubRequest()));
            JsonObject evil = post("/v2/repository/index", new JsonObject()).bodyAsJsonArray().stream()
                    .map(JsonObject.class::cast).filter(entry -> entry.getString("name").equals("evil")).findFirst()
                    .orElseThrow();
            assertEquals("UNAVAILABLE", evil.getString("state"));
            assertTrue(evil.getString("reason").contains("refused object key 'models/evil/1/../../../escaped.txt'"),
                    evil.getString("reason"));
        }
    }

    @Test
    void aBucketThatDoesNotExistLeavesTheServerUpAndTheIndexSaysWhy() throws IOException {
        Files.createDirectories(localRepository.resolve("echo/1"));
        Files.writeString(localRepository.resolve("echo/config.pbtxt"), TestServers.ECHO_CONFIG);
        start("--model-repository=" + STORE.location("no-such-bucket", "models"),
                "--model-repository=" + localRepository, "--exit-on-error=false");
        assertEquals(200, get("/v2/models/echo/ready").statusCode());
        assertTrue(indexError().endsWith("bucket 'no-such-bucket' does not exist"), indexError());
    }

    @Test
    void wrongCredentialsLeaveTheServerUpAndTheIndexSaysWhatToCheck() {
        uploadSimple();
        start(S3Access.of("someone-else", "wrong-secret"), s3Repository(), "--exit-on-error=false");
        assertEquals(200, get("/v2/health/live").statusCode());
        assertTrue(indexError().contains("access denied"), indexError());
    }

    @Test
    void anUnreachableEndpointLeavesTheServerUpAndTheIndexSaysWhichOne() throws IOException {
        int port = closedPort();
        start("--model-repository=s3://127.0.0.1:" + port + "/models", "--exit-on-error=false");
        assertEquals(200, get("/v2/health/live").statusCode());
        assertTrue(indexError().contains("cannot reach http://127.0.0.1:" + port), indexError());
    }

    @Test
    void aBucketThatDoesNotExistStopsStartUpWhenExitOnErrorIsSet() {
        InfergateServer.start(ServerOptions.fromArgs("--model-repository=" + STORE.location("no-such-bucket", "m"),
                "--http-port=0", "--metrics-port=0", "--grpc-port=0", "--http-address=127.0.0.1",
                "--grpc-address=127.0.0.1").withS3Access(S3Store.access())).transform(started -> {
                    assertTrue(started.failed(), "start-up fails");
                    assertTrue(started.cause().getMessage().contains("bucket 'no-such-bucket' does not exist"),
                            started.cause().getMessage());
                    return Future.succeededFuture();
                }).await();
    }
}
