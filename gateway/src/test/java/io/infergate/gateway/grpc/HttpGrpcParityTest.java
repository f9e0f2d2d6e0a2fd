package io.infergate.gateway.grpc;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.infergate.engine.EngineOptions;
import io.infergate.engine.LocalEngine;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.DataType;
import io.infergate.gateway.config.GrpcOptions;
import io.infergate.gateway.grpc.GrpcTestClient.Reply;
import io.infergate.gateway.http.HttpFrontend;
import io.infergate.gateway.http.HttpSettings;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.InferParameter;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferInputTensor;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferRequestedOutputTensor;
import io.infergate.gateway.kserve.proto.ModelInferResponse;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.grpc.common.GrpcStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same identity model over HTTP (binary tensor data) and over gRPC returns the same bytes, for
 * every datatype; and a request that breaks one of the request rules gets the rule's one message
 * over both (the rules themselves are unit-tested where they live, mostly {@code RequestPreparerTest}).
 */
class HttpGrpcParityTest {
    private static final int ELEMENTS = 5;
    private static final String INT32 = "id_int32";
    private static final String TEXT = "id_bytes";
    private static final String RESERVED = "parameter keys starting with 'triton_' are reserved for Triton usage and"
            + " should not be specified (";

    /** A request that breaks one rule, as HTTP JSON (with binary data after it, if any) and as gRPC. */
    enum Rule {
        DUPLICATE_INPUT(INT32, "input 'INPUT0' already exists in request",
                "{\"inputs\":[" + json("[1]", "[7]") + "," + json("[1]", "[7]") + "]}", null,
                grpc(INT32).addInputs(input("[1]")).addInputs(input("[1]"))
                        .addRawInputContents(int32(7)).addRawInputContents(int32(7))),
        OVERFLOWING_SHAPE(INT32, "input 'INPUT0': shape [4294967296, 4294967296] causes total element count to"
                + " exceed maximum size of 9223372036854775807",
                "{\"inputs\":[" + binary("[4294967296,4294967296]", 4) + "]}", int32(7),
                grpc(INT32).addInputs(input("[4294967296,4294967296]")).addRawInputContents(int32(7))),
        DATA_LENGTH(INT32, "input byte size mismatch for input 'INPUT0' for model 'id_int32'. Expected 8, got 4",
                "{\"inputs\":[" + binary("[2]", 4) + "]}", int32(7),
                grpc(INT32).addInputs(input("[2]")).addRawInputContents(int32(7))),
        BYTES_PREFIX(TEXT, "input 'INPUT0': BYTES element 0 declares 100 bytes but only 2 remain",
                "{\"inputs\":[" + binary("[1]", 6).replace("INT32", "BYTES") + "]}", truncatedString(),
                grpc(TEXT).addInputs(input("[1]").setDatatype("BYTES")).addRawInputContents(truncatedString())),
        BYTES_COUNT(TEXT, "expected 2 string elements for inference input 'INPUT0' for model 'id_bytes', got 1",
                "{\"inputs\":[" + binary("[2]", 6).replace("INT32", "BYTES") + "]}", oneString(),
                grpc(TEXT).addInputs(input("[2]").setDatatype("BYTES")).addRawInputContents(oneString())),
        WRONG_DATATYPE(INT32, "inference input 'INPUT0' data-type is 'FP32', but model 'id_int32' expects 'INT32'",
                "{\"inputs\":[" + binary("[1]", 4).replace("INT32", "FP32") + "]}", int32(7),
                grpc(INT32).addInputs(input("[1]").setDatatype("FP32")).addRawInputContents(int32(7))),
        DUPLICATE_OUTPUT(INT32, "output 'OUTPUT0' already exists in request",
                "{\"inputs\":[" + json("[1]", "[7]") + "],\"outputs\":[{\"name\":\"OUTPUT0\"},{\"name\":\"OUTPUT0\"}]}",
                null, grpc(INT32).addInputs(input("[1]")).addRawInputContents(int32(7))
                        .addOutputs(output()).addOutputs(output())),
        CLASSIFY_BYTES(TEXT, "class result not available for output due to unsupported type 'BYTES' (output 'OUTPUT0')",
                "{\"inputs\":[" + binary("[1]", 6).replace("INT32", "BYTES") + "],\"outputs\":[{\"name\":\"OUTPUT0\","
                        + "\"parameters\":{\"classification\":1}}]}", oneString(),
                grpc(TEXT).addInputs(input("[1]").setDatatype("BYTES")).addRawInputContents(oneString())
                        .addOutputs(output().putParameters("classification", one()))),
        NEGATIVE_PRIORITY(INT32, "invalid value for 'priority', expected value >= 0, got -1",
                "{\"parameters\":{\"priority\":-1},\"inputs\":[" + json("[1]", "[7]") + "]}", null,
                grpc(INT32).addInputs(input("[1]")).addRawInputContents(int32(7))
                        .putParameters("priority", InferParameter.newBuilder().setInt64Param(-1).build())),
        UNKNOWN_INPUT(INT32, "unexpected inference input 'INPUT9' for model 'id_int32'",
                "{\"inputs\":[" + json("[1]", "[7]").replace("INPUT0", "INPUT9") + "]}", null,
                grpc(INT32).addInputs(input("[1]").setName("INPUT9")).addRawInputContents(int32(7))),
        MISSING_INPUT(INT32, "expected 1 inputs but got 0 inputs for model 'id_int32'. Got inputs [], but missing"
                + " required inputs ['INPUT0']. Please provide all required inputs.", "{\"inputs\":[]}", null, grpc(INT32)),
        UNKNOWN_OUTPUT(INT32, "unexpected inference output 'OUTPUT9' for model 'id_int32'",
                "{\"inputs\":[" + json("[1]", "[7]") + "],\"outputs\":[{\"name\":\"OUTPUT9\"}]}", null,
                grpc(INT32).addInputs(input("[1]")).addRawInputContents(int32(7)).addOutputs(output().setName("OUTPUT9"))),
        WRONG_SHAPE(INT32, "unexpected shape for input 'INPUT0' for model 'id_int32'. Expected [-1], got [1, 1]. ",
                "{\"inputs\":[" + json("[1,1]", "[7]") + "]}", null,
                grpc(INT32).addInputs(input("[1,1]")).addRawInputContents(int32(7))),
        RESERVED_REQUEST_PARAMETER(INT32, RESERVED + "request parameter 'triton_x')",
                "{\"parameters\":{\"triton_x\":1},\"inputs\":[" + json("[1]", "[7]") + "]}", null,
                grpc(INT32).addInputs(input("[1]")).addRawInputContents(int32(7)).putParameters("triton_x", one())),
        RESERVED_OUTPUT_PARAMETER(INT32, RESERVED + "output 'OUTPUT0' parameter 'triton_x')",
                "{\"inputs\":[" + json("[1]", "[7]") + "],\"outputs\":[{\"name\":\"OUTPUT0\","
                        + "\"parameters\":{\"triton_x\":1}}]}", null,
                grpc(INT32).addInputs(input("[1]")).addRawInputContents(int32(7))
                        .addOutputs(output().putParameters("triton_x", one()))),
        RESERVED_INPUT_PARAMETER(INT32, RESERVED + "input 'INPUT0' parameter 'triton_x')",
                "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1],\"data\":[7],"
                        + "\"parameters\":{\"triton_x\":1}}]}", null,
                grpc(INT32).addInputs(input("[1]").putParameters("triton_x", one())).addRawInputContents(int32(7)));

        final String model;
        final String message;
        final String httpJson;
        final ByteString httpTail;
        final ModelInferRequest grpcRequest;

        Rule(String model, String message, String httpJson, ByteString httpTail, ModelInferRequest.Builder grpcRequest) {
            this.model = model;
            this.message = message;
            this.httpJson = httpJson;
            this.httpTail = httpTail;
            this.grpcRequest = grpcRequest.build();
        }
    }


    @TempDir
    static Path repo;
    private static Vertx vertx;
    private static LocalEngine engine;
    private static HttpServer http;
    private static HttpServer grpc;
    private static WebClient web;
    private static GrpcTestClient client;

    @BeforeAll
    static void start() throws Exception {
        List<String> models = new ArrayList<>();
        for (DataType type : DataType.values()) {
            TestModels.writeIdentity(repo, model(type), type.configName());
            models.add(model(type));
        }
        vertx = Vertx.vertx();
        engine = await(LocalEngine.start(vertx, new EngineOptions(List.of(repo), EngineOptions.ModelControlMode.EXPLICIT,
                models, true, false)));
        http = await(HttpFrontend.listen(vertx, engine, engine, HttpSettings.defaults("infergate", "0.1.0"), "127.0.0.1", 0));
        grpc = await(GrpcFrontend.listen(vertx, engine, engine, new GrpcSettings("infergate", "0.1.0",
                GrpcOptions.DEFAULTS), "127.0.0.1", 0));
        web = WebClient.create(vertx);
        client = new GrpcTestClient(vertx, grpc.actualPort());
    }

    @AfterAll
    static void stop() {
        web.close();
        client.close();
        await(http.close());
        await(grpc.close());
        await(engine.close());
        await(vertx.close());
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void httpAndGrpcReturnIdenticalBytes(DataType type) {
        byte[] data = sample(type);
        ByteString overGrpc = client.call(GRPCInferenceServiceGrpcClient.ModelInfer, ModelInferRequest.newBuilder()
                .setModelName(model(type))
                .addInputs(InferInputTensor.newBuilder().setName("INPUT0").setDatatype(type.name()).addShape(ELEMENTS))
                .addRawInputContents(ByteString.copyFrom(data))
                .build()).single().getRawOutputContents(0);

        String header = "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"" + type.name() + "\",\"shape\":[" + ELEMENTS
                + "],\"parameters\":{\"binary_data_size\":" + data.length + "}}],"
                + "\"parameters\":{\"binary_data_output\":true}}";
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        HttpResponse<Buffer> response = await(web.post(http.actualPort(), "127.0.0.1",
                "/v2/models/" + model(type) + "/infer")
                .putHeader("Inference-Header-Content-Length", Integer.toString(headerBytes.length))
                .sendBuffer(Buffer.buffer(headerBytes).appendBytes(data)));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        int jsonLength = Integer.parseInt(response.getHeader("Inference-Header-Content-Length"));
        byte[] overHttp = response.body().getBytes(jsonLength, response.body().length());

        assertEquals(ByteString.copyFrom(overHttp), overGrpc);
        assertEquals(ByteString.copyFrom(data), overGrpc);
    }

    @ParameterizedTest
    @EnumSource(Rule.class)
    void httpClientGets400WithTheRulesMessage(Rule rule) {
        byte[] header = rule.httpJson.getBytes(StandardCharsets.UTF_8);
        Buffer body = Buffer.buffer(header);
        var request = web.post(http.actualPort(), "127.0.0.1", "/v2/models/" + rule.model + "/infer");
        if (rule.httpTail != null) {
            body.appendBytes(rule.httpTail.toByteArray());
            request.putHeader("Inference-Header-Content-Length", Integer.toString(header.length));
        }
        HttpResponse<Buffer> response = await(request.sendBuffer(body));
        assertEquals(400, response.statusCode(), response.bodyAsString());
        assertEquals(new JsonObject().put("error", rule.message), response.bodyAsJsonObject());
    }

    @ParameterizedTest
    @EnumSource(Rule.class)
    void grpcClientGetsInvalidArgumentWithTheRulesMessage(Rule rule) {
        Reply<ModelInferResponse> reply = client.call(GRPCInferenceServiceGrpcClient.ModelInfer, rule.grpcRequest);
        assertEquals(GrpcStatus.INVALID_ARGUMENT, reply.status(), reply.message());
        assertEquals(rule.message, reply.message());
    }

    private static String json(String shape, String data) {
        return "{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":" + shape + ",\"data\":" + data + "}";
    }

    private static String binary(String shape, int size) {
        return "{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":" + shape
                + ",\"parameters\":{\"binary_data_size\":" + size + "}}";
    }

    private static ModelInferRequest.Builder grpc(String model) {
        return ModelInferRequest.newBuilder().setModelName(model);
    }

    private static InferInputTensor.Builder input(String shape) {
        InferInputTensor.Builder input = InferInputTensor.newBuilder().setName("INPUT0").setDatatype("INT32");
        for (String dim : shape.substring(1, shape.length() - 1).split(",")) {
            input.addShape(Long.parseLong(dim));
        }
        return input;
    }

    private static InferRequestedOutputTensor.Builder output() {
        return InferRequestedOutputTensor.newBuilder().setName("OUTPUT0");
    }

    private static InferParameter one() {
        return InferParameter.newBuilder().setInt64Param(1).build();
    }

    private static ByteString int32(int value) {
        return GrpcRequests.int32Bytes(value);
    }

    /** One BYTES element whose length prefix claims 100 bytes where 2 follow. */
    private static ByteString truncatedString() {
        return ByteString.copyFrom(new byte[] {100, 0, 0, 0, 0, 0});
    }

    /** One BYTES element, "ab". */
    private static ByteString oneString() {
        return ByteString.copyFrom(new byte[] {2, 0, 0, 0, 'a', 'b'});
    }

    private static String model(DataType type) {
        return "id_" + type.name().toLowerCase(Locale.ROOT);
    }

    /** Deterministic elements: 0/1 for BOOL, arbitrary bits for numbers, varied strings for BYTES. */
    private static byte[] sample(DataType type) {
        Random random = new Random(type.ordinal());
        if (type == DataType.BYTES) {
            ByteBuffer bytes = BytesElements.fromStrings("", "a", "ü€", "tensor", "\u0000x");
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        }
        byte[] out = new byte[ELEMENTS * type.byteSize()];
        random.nextBytes(out);
        if (type == DataType.BOOL) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (out[i] & 1);
            }
        }
        return out;
    }
}
