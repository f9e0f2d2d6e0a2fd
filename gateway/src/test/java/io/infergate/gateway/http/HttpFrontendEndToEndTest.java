package io.infergate.gateway.http;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.EngineOptions;
import io.infergate.engine.LocalEngine;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The frontend over real HTTP on a free port, in front of a LocalEngine running identity models. */
class HttpFrontendEndToEndTest {
    private static final long LIMIT = 1024 * 1024;
    private static final List<String> TYPES = List.of("BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8",
            "INT16", "INT32", "INT64", "FP16", "BF16", "FP32", "FP64", "BYTES");

    @TempDir
    static Path repo;
    private static Vertx vertx;
    private static LocalEngine engine;
    private static HttpServer server;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        for (String type : TYPES) {
            String configType = type.equals("BYTES") ? "TYPE_STRING" : "TYPE_" + type;
            writeModel("id_" + type.toLowerCase(), """
                    backend: "identity"
                    max_batch_size: 0
                    input [ { name: "INPUT0" data_type: %s dims: [ -1 ] } ]
                    output [ { name: "OUTPUT0" data_type: %s dims: [ -1 ] } ]
                    """.formatted(configType, configType));
        }
        writeModel("pair", """
                backend: "identity"
                max_batch_size: 0
                input [ { name: "A" data_type: TYPE_INT32 dims: [ -1 ] }, { name: "B" data_type: TYPE_STRING dims: [ -1 ] } ]
                output [ { name: "OA" data_type: TYPE_INT32 dims: [ -1 ] }, { name: "OB" data_type: TYPE_STRING dims: [ -1 ] } ]
                """);
        writeModel("one_string", """
                backend: "identity"
                max_batch_size: 8
                input [ { name: "INPUT0" data_type: TYPE_STRING dims: [ 1 ] } ]
                output [ { name: "OUTPUT0" data_type: TYPE_STRING dims: [ 1 ] } ]
                """);
        vertx = Vertx.vertx();
        engine = await(LocalEngine.start(vertx, new EngineOptions(List.of(repo),
                EngineOptions.ModelControlMode.EXPLICIT, List.of("*"), true, false)));
        server = await(HttpFrontend.listen(vertx, engine, engine, new HttpSettings("infergate", "0.1.0", LIMIT),
                "127.0.0.1", 0));
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.actualPort()));
    }

    private static void writeModel(String name, String config) throws IOException {
        Path dir = Files.createDirectories(repo.resolve(name).resolve("1"));
        Files.writeString(dir.getParent().resolve("config.pbtxt"), config);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        await(server.close());
        await(engine.close());
        await(vertx.close());
    }

    /** Every test, good or bad, leaves the server live. */
    @AfterEach
    void serverStaysLive() throws Exception {
        assertEquals(200, get("/v2/health/live").statusCode());
    }

    private static HttpResponse<Buffer> get(String path) throws Exception {
        return await(client.get(path).send());
    }

    private static HttpResponse<Buffer> post(String path, Buffer body, String... headers) throws Exception {
        MultiMap map = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < headers.length; i += 2) {
            map.add(headers[i], headers[i + 1]);
        }
        return await(client.post(path).putHeaders(map).sendBuffer(body));
    }

    private static HttpResponse<Buffer> postJson(String path, String json) throws Exception {
        return post(path, Buffer.buffer(json), "Content-Type", "application/json");
    }

    private static String assertError(HttpResponse<Buffer> response, int status) {
        assertEquals(status, response.statusCode(), response.bodyAsString());
        String error = response.bodyAsJsonObject().getString("error");
        assertNotNull(error);
        return error;
    }

    private static String infer(String type, String data, int count) {
        return "{\"id\":\"t\",\"inputs\":[{\"name\":\"INPUT0\",\"shape\":[" + count + "],\"datatype\":\"" + type
                + "\",\"data\":" + data + "}]}";
    }

    @Test
    void healthEndpointsAnswerWithEmptyBodies() throws Exception {
        HttpResponse<Buffer> ready = get("/v2/health/ready");
        assertEquals(200, ready.statusCode());
        assertEquals(0, ready.body() == null ? 0 : ready.body().length());
    }

    @Test
    void serverMetadataListsOnlyImplementedExtensionsUnderTritonsNames() throws Exception {
        JsonObject json = get("/v2").bodyAsJsonObject();
        assertEquals("infergate", json.getString("name"));
        assertEquals("0.1.0", json.getString("version"));
        assertEquals(new JsonArray(List.of("classification", "sequence", "model_repository",
                "model_repository(unload_dependents)", "schedule_policy", "model_configuration", "binary_tensor_data",
                "parameters", "statistics", "trace", "logging")), json.getJsonArray("extensions"));
    }

    @Test
    void modelMetadataDescribesInputs() throws Exception {
        JsonObject json = get("/v2/models/id_fp32").bodyAsJsonObject();
        assertEquals("id_fp32", json.getString("name"));
        JsonObject input = json.getJsonArray("inputs").getJsonObject(0);
        assertEquals("FP32", input.getString("datatype"));
        assertEquals(new JsonArray().add(-1), input.getJsonArray("shape"));
    }

    @Test
    void versionedModelReadyAnswers200() throws Exception {
        assertEquals(200, get("/v2/models/id_fp32/versions/1/ready").statusCode());
    }

    @Test
    void missingVersionIsNotReady() throws Exception {
        assertEquals(400, get("/v2/models/id_fp32/versions/9/ready").statusCode());
    }

    @Test
    void modelConfigIsTritonJson() throws Exception {
        JsonObject json = get("/v2/models/id_int32/config").bodyAsJsonObject();
        assertEquals("id_int32", json.getString("name"));
        assertEquals("identity", json.getString("backend"));
    }

    @Test
    void unknownModelIs404WithTheEngineMessage() throws Exception {
        String error = assertError(get("/v2/models/nope"), 404);
        assertTrue(error.startsWith("Request for unknown model"), error);
    }

    @Test
    void inferOnUnknownModelIs404() throws Exception {
        assertError(postJson("/v2/models/nope/infer", infer("FP32", "[1]", 1)), 404);
    }

    @Test
    void unknownPathIsJson404() throws Exception {
        assertError(get("/v3/whatever"), 404);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "BOOL; [true,false,true]", "UINT8; [0,255,7]", "UINT16; [0,65535,7]", "UINT32; [0,4294967295,7]",
            "UINT64; [0,18446744073709551615,7]", "INT8; [-128,127,0]", "INT16; [-32768,32767,0]",
            "INT32; [-2147483648,2147483647,0]", "INT64; [-9223372036854775808,9223372036854775807,0]",
            "FP16; [1.5,-2.0,0.0]", "BF16; [1.5,-2.0,0.0]", "FP32; [1.5,-2.25,0.0]", "FP64; [0.1,-2.25,0.0]",
            "BYTES; [\"a\",\"héllo\",\"\"]"})
    void identityEchoesEachDatatypeAsJson(String type, String data) throws Exception {
        HttpResponse<Buffer> response = postJson("/v2/models/id_" + type.toLowerCase() + "/infer", infer(type, data, 3));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        JsonObject json = response.bodyAsJsonObject();
        assertEquals("t", json.getString("id"));
        JsonObject output = json.getJsonArray("outputs").getJsonObject(0);
        assertEquals("OUTPUT0", output.getString("name"));
        assertEquals(type, output.getString("datatype"));
        assertEquals(new JsonArray(data), output.getJsonArray("data"));
    }

    @Test
    void binaryInputsAndOutputsRoundTrip() throws Exception {
        String json = "{\"inputs\":[{\"name\":\"INPUT0\",\"shape\":[2],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":8}}],"
                + "\"outputs\":[{\"name\":\"OUTPUT0\",\"parameters\":{\"binary_data\":true}}]}";
        Buffer body = Buffer.buffer(json).appendFloatLE(1.25f).appendFloatLE(-4f);
        HttpResponse<Buffer> response = post("/v2/models/id_fp32/infer", body,
                "Inference-Header-Content-Length", Integer.toString(json.length()),
                "Content-Type", "application/octet-stream");
        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertEquals("application/octet-stream", response.getHeader("Content-Type"));
        int headerLength = Integer.parseInt(response.getHeader("Inference-Header-Content-Length"));
        JsonObject header = response.body().slice(0, headerLength).toJsonObject();
        assertEquals(8, header.getJsonArray("outputs").getJsonObject(0).getJsonObject("parameters")
                .getInteger("binary_data_size"));
        assertEquals(1.25f, response.body().getFloatLE(headerLength));
        assertEquals(-4f, response.body().getFloatLE(headerLength + 4));
    }

    @Test
    void twoBinaryInputsAreTakenInOrder() throws Exception {
        String json = "{\"inputs\":[{\"name\":\"A\",\"shape\":[1],\"datatype\":\"INT32\","
                + "\"parameters\":{\"binary_data_size\":4}},{\"name\":\"B\",\"shape\":[1],\"datatype\":\"BYTES\","
                + "\"parameters\":{\"binary_data_size\":6}}]}";
        Buffer body = Buffer.buffer(json).appendIntLE(42).appendIntLE(2).appendString("hi");
        HttpResponse<Buffer> response = post("/v2/models/pair/infer", body,
                "Inference-Header-Content-Length", Integer.toString(json.length()));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        JsonArray outputs = response.bodyAsJsonObject().getJsonArray("outputs");
        assertEquals(42, outputs.getJsonObject(0).getJsonArray("data").getInteger(0));
        assertEquals("hi", outputs.getJsonObject(1).getJsonArray("data").getString(0));
    }

    @Test
    void rawBinaryRequestUsesTheModelsOnlyInput() throws Exception {
        Buffer body = Buffer.buffer().appendIntLE(5).appendIntLE(6);
        HttpResponse<Buffer> response = post("/v2/models/id_int32/infer", body, "Inference-Header-Content-Length", "0");
        assertEquals(200, response.statusCode(), response.bodyAsString());
        int headerLength = Integer.parseInt(response.getHeader("Inference-Header-Content-Length"));
        assertEquals(6, response.body().getIntLE(headerLength + 4));
    }

    @Test
    void rawBinaryRequestForAModelWithTwoInputsIsRefusedInTritonsWords() throws Exception {
        HttpResponse<Buffer> response = post("/v2/models/pair/infer", Buffer.buffer(new byte[8]),
                "Inference-Header-Content-Length", "0");
        assertEquals("Raw request must only have 1 input (found 1) to be deduced but got 2 inputs in 'pair' model"
                + " configuration", assertError(response, 400));
    }

    @Test
    void rawBinaryBytesRequestIsTheOneElementOfItsInput() throws Exception {
        HttpResponse<Buffer> response = post("/v2/models/one_string/infer", Buffer.buffer("427"),
                "Inference-Header-Content-Length", "0");
        assertEquals(200, response.statusCode(), response.bodyAsString());
        int headerLength = Integer.parseInt(response.getHeader("Inference-Header-Content-Length"));
        assertEquals("427", response.body().getString(headerLength + 4, response.body().length()));
    }

    @Test
    void rawBinaryBytesRequestForAVariableShapeIsRefusedInTritonsWords() throws Exception {
        HttpResponse<Buffer> response = post("/v2/models/id_bytes/infer", Buffer.buffer("427"),
                "Inference-Header-Content-Length", "0");
        assertEquals("For BYTE datatype raw input 'INPUT0', the model must have input shape [1]",
                assertError(response, 400));
    }

    @Test
    void gzipBothWays() throws Exception {
        Buffer gz = DecompressionTest.gzip(infer("INT32", "[1,2,3]", 3).getBytes());
        HttpResponse<Buffer> response = post("/v2/models/id_int32/infer", gz,
                "Content-Encoding", "gzip", "Accept-Encoding", "gzip");
        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertEquals("gzip", response.getHeader("Content-Encoding"));
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(response.body().getBytes())).readAllBytes();
        JsonObject json = new JsonObject(Buffer.buffer(plain));
        assertEquals(new JsonArray("[1,2,3]"), json.getJsonArray("outputs").getJsonObject(0).getJsonArray("data"));
    }

    @Test
    void deflateResponseWhenAsked() throws Exception {
        HttpResponse<Buffer> response = post("/v2/models/id_int32/infer", Buffer.buffer(infer("INT32", "[4]", 1)),
                "Accept-Encoding", "deflate");
        assertEquals("deflate", response.getHeader("Content-Encoding"));
        JsonObject json = new JsonObject(Decompression.decode("deflate", response.body(), LIMIT));
        assertEquals(4, json.getJsonArray("outputs").getJsonObject(0).getJsonArray("data").getInteger(0));
    }

    @Test
    void classificationReturnsTopKStrings() throws Exception {
        String json = "{\"inputs\":[{\"name\":\"INPUT0\",\"shape\":[3],\"datatype\":\"FP32\",\"data\":[0.1,0.9,0.5]}],"
                + "\"outputs\":[{\"name\":\"OUTPUT0\",\"parameters\":{\"classification\":2}}]}";
        HttpResponse<Buffer> response = postJson("/v2/models/id_fp32/infer", json);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        JsonObject output = response.bodyAsJsonObject().getJsonArray("outputs").getJsonObject(0);
        assertEquals("BYTES", output.getString("datatype"));
        JsonArray data = output.getJsonArray("data");
        assertEquals(2, data.size());
        assertTrue(data.getString(0).endsWith(":1"), data.encode());
        assertTrue(data.getString(1).endsWith(":2"), data.encode());
    }

    @Test
    void gzipBombIsRefusedAtTheLimit() throws Exception {
        Buffer bomb = DecompressionTest.gzip(new byte[(int) LIMIT * 4]);
        assertError(post("/v2/models/id_int32/infer", bomb, "Content-Encoding", "gzip"), 400);
    }

    @Test
    void oversizedBodyIsRefused() throws Exception {
        String error = assertError(post("/v2/models/id_int32/infer", Buffer.buffer(new byte[(int) LIMIT + 1])), 400);
        assertTrue(error.contains("maximum allowed input size"), error);
    }

    @Test
    void oversizedChunkedBodyIsCutOff() throws Exception {
        var request = await(vertx.createHttpClient().request(io.vertx.core.http.HttpMethod.POST,
                server.actualPort(), "127.0.0.1", "/v2/models/id_int32/infer"));
        request.setChunked(true);
        Future<io.vertx.core.http.HttpClientResponse> answer = request.response();
        for (int i = 0; i < 40; i++) {
            request.write(Buffer.buffer(new byte[64 * 1024]));
        }
        io.vertx.core.http.HttpClientResponse response = await(answer);
        assertEquals(400, response.statusCode());
        request.reset();
    }

    @Test
    void malformedJsonIs400() throws Exception {
        assertError(postJson("/v2/models/id_int32/infer", "{\"inputs\": [}"), 400);
    }

    @Test
    void dataNestedOneHundredAndTwentyLevelsIsRefusedInTritonsWords() throws Exception {
        String data = "[".repeat(120) + "123" + "]".repeat(120);
        String body = "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"INT64\",\"shape\":[1],\"data\":" + data + "}]}";
        assertEquals("JSON nesting depth exceeds maximum allowed limit (100)",
                assertError(postJson("/v2/models/id_int64/infer", body), 400));
    }

    @Test
    void dataNestedFiftyLevelsIsAccepted() throws Exception {
        String data = "[".repeat(50) + "\"hello\"" + "]".repeat(50);
        String body = "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":" + data + "}]}";
        HttpResponse<Buffer> response = postJson("/v2/models/id_bytes/infer", body);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertEquals("hello", response.bodyAsJsonObject().getJsonArray("outputs").getJsonObject(0).getJsonArray("data")
                .getString(0));
    }

    /** The 400 error of one FP32 value sent to id_fp32 under this shape (Triton's http_test checks these). */
    private static String fp32ShapeRefused(String shape) throws Exception {
        String body = "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":" + shape
                + ",\"data\":[1.0]}]}";
        return assertError(postJson("/v2/models/id_fp32/infer", body), 400);
    }

    @Test
    void aShapeWhoseElementCountOverflowsIsRefusedInTritonsWords() throws Exception {
        assertEquals("input 'INPUT0': shape [16, 1152921504606846978] causes total element count to exceed maximum size"
                + " of 9223372036854775807", fp32ShapeRefused("[16,1152921504606846978]"));
    }

    @Test
    void aShapeWhoseByteSizeOverflowsIsRefusedInTritonsWords() throws Exception {
        assertEquals("byte size overflow for input 'INPUT0': shape [4, 1152921504606846978] of FP32 holds more than"
                + " 9223372036854775807 bytes", fp32ShapeRefused("[4,1152921504606846978]"));
    }

    @Test
    void aNegativeDimensionIsRefusedInTritonsJsonWords() throws Exception {
        assertEquals("Unable to parse 'shape': attempt to access JSON non-unsigned-integer as unsigned-integer"
                + " (input 'INPUT0', dimension -5)", fp32ShapeRefused("[2,-5]"));
    }

    @Test
    void aRequestedOutputAskedTwiceIsRefusedInTritonsWords() throws Exception {
        String body = "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1],\"data\":[1]}],"
                + "\"outputs\":[{\"name\":\"OUTPUT0\"},{\"name\":\"OUTPUT0\"}]}";
        assertEquals("output 'OUTPUT0' already exists in request",
                assertError(postJson("/v2/models/id_int32/infer", body), 400));
    }

    @Test
    void uint8OutOfRangeIs400() throws Exception {
        assertError(postJson("/v2/models/id_uint8/infer", infer("UINT8", "[300]", 1)), 400);
    }

    @Test
    void shapeNotMatchingDataIs400() throws Exception {
        assertError(postJson("/v2/models/id_int32/infer", infer("INT32", "[1,2]", 3)), 400);
    }

    @Test
    void wrongDatatypeForTheModelIs400FromTheEngine() throws Exception {
        assertError(postJson("/v2/models/id_int32/infer", infer("FP32", "[1.0]", 1)), 400);
    }

    @Test
    void headerLengthBeyondTheBodyIs400() throws Exception {
        assertError(post("/v2/models/id_int32/infer", Buffer.buffer("{}"), "Inference-Header-Content-Length", "99"), 400);
    }

    @Test
    void reservedParameterIs400() throws Exception {
        String json = "{\"parameters\":{\"triton_x\":1},\"inputs\":[{\"name\":\"INPUT0\",\"shape\":[1],"
                + "\"datatype\":\"INT32\",\"data\":[1]}]}";
        assertError(postJson("/v2/models/id_int32/infer", json), 400);
    }

    @Test
    void statisticsCountInferences() throws Exception {
        postJson("/v2/models/id_int64/infer", infer("INT64", "[1]", 1));
        JsonObject stats = get("/v2/models/id_int64/stats").bodyAsJsonObject().getJsonArray("model_stats")
                .getJsonObject(0);
        assertEquals("id_int64", stats.getString("name"));
        assertTrue(stats.getLong("inference_count") >= 1);
        assertNotNull(stats.getJsonObject("inference_stats").getJsonObject("success").getLong("ns"));
    }

    @Test
    void statisticsCarryTritonsResponseStatsAndMemoryUsageEmptyForAnOrdinaryModel() throws Exception {
        postJson("/v2/models/id_int64/infer", infer("INT64", "[1]", 1));
        JsonObject stats = get("/v2/models/id_int64/stats").bodyAsJsonObject().getJsonArray("model_stats")
                .getJsonObject(0);
        assertEquals(new JsonObject(), stats.getJsonObject("response_stats"));
        assertEquals(new JsonArray(), stats.getJsonArray("memory_usage"));
    }

    @Test
    void allStatisticsListEveryModel() throws Exception {
        JsonArray all = get("/v2/models/stats").bodyAsJsonObject().getJsonArray("model_stats");
        assertEquals(TYPES.size() + 2, all.size());
    }

    @Test
    void repositoryIndexRefusesAReadyFilterThatIsNotABoolean() throws Exception {
        assertEquals("Invalid value for 'ready': expected a boolean",
                assertError(postJson("/v2/repository/index", "{\"ready\":\"true\"}"), 400));
    }

    @Test
    void repositoryIndexListsAModelFolderAddedSinceStartUpByItsNameAlone() throws Exception {
        writeModel("added_later", """
                backend: "identity"
                input [ { name: "INPUT0" data_type: TYPE_INT32 dims: [ -1 ] } ]
                output [ { name: "OUTPUT0" data_type: TYPE_INT32 dims: [ -1 ] } ]
                """);
        JsonArray index = postJson("/v2/repository/index", "{}").bodyAsJsonArray();
        assertTrue(index.contains(new JsonObject().put("name", "added_later")), index.encode());
        JsonArray ready = postJson("/v2/repository/index", "{\"ready\":true}").bodyAsJsonArray();
        assertTrue(ready.stream().map(JsonObject.class::cast).noneMatch(e -> e.getString("name").equals("added_later")));
    }

    /** Triton answers a file: parameter over INT_MAX; here the body limit, far below, refuses it first. */
    @Test
    void aLoadBodyOverTheInputSizeLimitIsRefusedAndTheServerStaysUp() throws Exception {
        String file = "A".repeat((int) LIMIT);
        String body = "{\"parameters\":{\"config\":\"{}\",\"file:1/model.onnx\":\"" + file + "\"}}";
        assertEquals("request body of more than " + LIMIT + " bytes exceeds the maximum allowed input size of " + LIMIT
                + " bytes", assertError(postJson("/v2/repository/models/too_big/load", body), 400));
    }

    @Test
    void overHttp2ABodyOverTheLimitEndsOnlyItsStream() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        HttpClient http2 = vertx.httpClientBuilder().with(new HttpClientOptions().setDefaultHost("127.0.0.1")
                        .setDefaultPort(server.actualPort()).setProtocolVersion(HttpVersion.HTTP_2)
                        .setHttp2ClearTextUpgrade(false))
                .withConnectHandler(connection -> connections.incrementAndGet()).build();
        WebClient web = WebClient.wrap(http2);
        try {
            assertEquals(200, await(web.get("/v2/health/live").send()).statusCode());
            HttpResponse<Buffer> refused = await(web.post("/v2/models/id_int32/infer")
                    .sendBuffer(Buffer.buffer(new byte[(int) LIMIT + 1])));
            assertTrue(assertError(refused, 400).contains("exceeds the maximum allowed input size"));
            assertEquals(200, await(web.get("/v2/health/live").send()).statusCode());
            assertEquals(1, connections.get(), "the connection stays open for the client's other streams");
        } finally {
            web.close();
        }
    }

    @Test
    void repositoryIndexListsReadyModels() throws Exception {
        JsonArray index = postJson("/v2/repository/index", "{\"ready\":true}").bodyAsJsonArray();
        assertEquals(TYPES.size() + 2, index.size());
        assertEquals("READY", index.getJsonObject(0).getString("state"));
    }

    @Test
    void unloadThenLoadAModel() throws Exception {
        assertEquals(200, postJson("/v2/repository/models/id_int16/unload", "").statusCode());
        assertEquals(400, get("/v2/models/id_int16/ready").statusCode());
        assertEquals(200, postJson("/v2/repository/models/id_int16/load", "").statusCode());
        assertEquals(200, get("/v2/models/id_int16/ready").statusCode());
    }

    @Test
    void traversalModelNameOnLoadIs400() throws Exception {
        assertError(postJson("/v2/repository/models/..%2Fetc/load", ""), 400);
    }

    @Test
    void blankModelNameOnUnloadIs400() throws Exception {
        assertError(postJson("/v2/repository/models/%20/unload", ""), 400);
    }
}
