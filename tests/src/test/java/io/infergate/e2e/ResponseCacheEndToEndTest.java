package io.infergate.e2e;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.InferStatistics;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferInputTensor;
import io.infergate.gateway.kserve.proto.ModelInferResponse;
import io.infergate.gateway.kserve.proto.ModelStatistics;
import io.infergate.gateway.kserve.proto.ModelStatisticsRequest;
import io.infergate.testsupport.ProjectPaths;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The response cache end to end: Triton's {@code simple} model with {@code response_cache} enabled,
 * behind a server started with {@code --cache-config=local,size=...}, over HTTP and gRPC. Each test
 * sends inputs no other test sends and checks the counters' changes.
 */
class ResponseCacheEndToEndTest {
    private static final String MODEL = "simple_cached";
    private static final String STATS = "/v2/models/" + MODEL + "/versions/1/stats";

    @TempDir
    static Path repository;
    private static RunningServer server;
    private static GRPCInferenceServiceGrpcClient grpc;

    /** Triton's simple model read in place (a link to its file), its configuration with the cache enabled. */
    @BeforeAll
    static void start() throws IOException {
        Path simple = ProjectPaths.tritonExamples().resolve("simple");
        Path model = Files.createDirectories(repository.resolve(MODEL).resolve("1"));
        Files.createSymbolicLink(model.resolve("model.onnx"), simple.resolve("1").resolve("model.onnx"));
        String config = Files.readString(simple.resolve("config.pbtxt")).replace("name: \"simple\"",
                "name: \"" + MODEL + "\"");
        Files.writeString(repository.resolve(MODEL).resolve("config.pbtxt"),
                config + "\nresponse_cache { enable: true }\n");
        server = RunningServer.start(repository, ModelControlMode.NONE, List.of(),
                List.of("--cache-config=local,size=1048576"));
        grpc = server.grpcClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject httpRequest(int first) {
        JsonArray data = new JsonArray(IntStream.range(first, first + 16).boxed().map(Object.class::cast).toList());
        JsonArray ones = new JsonArray(IntStream.range(0, 16).mapToObj(i -> (Object) 1).toList());
        return new JsonObject().put("inputs", new JsonArray()
                .add(new JsonObject().put("name", "INPUT0").put("datatype", "INT32")
                        .put("shape", new JsonArray().add(1).add(16)).put("data", data))
                .add(new JsonObject().put("name", "INPUT1").put("datatype", "INT32")
                        .put("shape", new JsonArray().add(1).add(16)).put("data", ones)));
    }

    private static JsonObject inferHttp(int first) {
        HttpResponse<Buffer> response = server.postJson("/v2/models/" + MODEL + "/infer", httpRequest(first));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static JsonObject httpStats() {
        return server.get(STATS).bodyAsJsonObject().getJsonArray("model_stats").getJsonObject(0);
    }

    private static long count(JsonObject stats, String field) {
        return stats.getJsonObject("inference_stats").getJsonObject(field).getLong("count");
    }

    @Test
    void aSecondIdenticalHttpRequestIsAnsweredFromTheCacheWithoutRunningTheModel() {
        JsonObject before = httpStats();
        JsonObject computed = inferHttp(100);
        JsonObject afterMiss = httpStats();

        JsonObject cached = inferHttp(100);
        JsonObject afterHit = httpStats();

        assertEquals(computed.getJsonArray("outputs"), cached.getJsonArray("outputs"));
        assertEquals(count(before, "cache_miss") + 1, count(afterMiss, "cache_miss"));
        assertEquals(count(afterMiss, "cache_hit") + 1, count(afterHit, "cache_hit"));
        assertEquals(count(afterMiss, "cache_miss"), count(afterHit, "cache_miss"));
        assertEquals(afterMiss.getLong("execution_count"), afterHit.getLong("execution_count"),
                "the hit did not run the model");
        assertEquals(count(afterMiss, "success") + 1, count(afterHit, "success"));
        assertTrue(afterHit.getJsonObject("inference_stats").getJsonObject("cache_hit").getLong("ns") > 0);
    }

    @Test
    void aRequestWithOtherInputsMissesAndRunsTheModel() {
        inferHttp(200);
        JsonObject before = httpStats();

        JsonObject other = inferHttp(201);

        JsonObject after = httpStats();
        assertEquals(count(before, "cache_miss") + 1, count(after, "cache_miss"));
        assertEquals(count(before, "cache_hit"), count(after, "cache_hit"));
        assertEquals(before.getLong("execution_count") + 1, after.getLong("execution_count"));
        assertEquals(IntStream.range(201, 217).map(i -> i + 1).boxed().toList(),
                other.getJsonArray("outputs").stream().map(JsonObject.class::cast)
                        .filter(o -> o.getString("name").equals("OUTPUT0")).findFirst().orElseThrow()
                        .getJsonArray("data").getList());
    }

    private static ModelInferResponse inferGrpc(int first) {
        InferInputTensor.Builder in0 = InferInputTensor.newBuilder().setName("INPUT0").setDatatype("INT32")
                .addShape(1).addShape(16);
        InferInputTensor.Builder in1 = InferInputTensor.newBuilder().setName("INPUT1").setDatatype("INT32")
                .addShape(1).addShape(16);
        return await(grpc.modelInfer(ModelInferRequest.newBuilder().setModelName(MODEL)
                .addInputs(in0).addInputs(in1)
                .addRawInputContents(RawContents.int32s(IntStream.range(first, first + 16)))
                .addRawInputContents(RawContents.int32s(IntStream.range(0, 16).map(i -> 1))).build()));
    }

    private static ModelStatistics grpcStats() {
        return await(grpc.modelStatistics(ModelStatisticsRequest.newBuilder().setName(MODEL).setVersion("1")
                .build())).getModelStats(0);
    }

    @Test
    void aSecondIdenticalGrpcRequestIsAnsweredFromTheCache() {
        ModelInferResponse computed = inferGrpc(300);
        ModelStatistics afterMiss = grpcStats();

        ModelInferResponse cached = inferGrpc(300);
        ModelStatistics afterHit = grpcStats();

        assertEquals(computed.getRawOutputContentsList(), cached.getRawOutputContentsList());
        InferStatistics hit = afterHit.getInferenceStats();
        assertEquals(afterMiss.getInferenceStats().getCacheHit().getCount() + 1, hit.getCacheHit().getCount());
        assertEquals(afterMiss.getExecutionCount(), afterHit.getExecutionCount(), "the hit did not run the model");
    }

    private static long metric(String family) {
        String text = server.getMetrics().bodyAsString();
        Matcher sample = Pattern.compile("(?m)^" + family + "\\{model=\"" + MODEL + "\",version=\"1\"} (\\d+)$")
                .matcher(text);
        assertTrue(sample.find(), family + " in\n" + text);
        return Long.parseLong(sample.group(1));
    }

    @Test
    void prometheusCountsHitsAndMisses() {
        long hits = metric("nv_cache_num_hits_per_model");
        long misses = metric("nv_cache_num_misses_per_model");

        inferHttp(400);
        inferHttp(400);

        assertEquals(hits + 1, metric("nv_cache_num_hits_per_model"));
        assertEquals(misses + 1, metric("nv_cache_num_misses_per_model"));
        assertTrue(metric("nv_cache_miss_duration_per_model") >= 0);
        assertTrue(server.getMetrics().bodyAsString().contains("# TYPE nv_cache_hit_duration_per_model counter"));
    }
}
