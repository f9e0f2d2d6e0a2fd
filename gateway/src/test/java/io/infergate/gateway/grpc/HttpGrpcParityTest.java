package io.infergate.gateway.grpc;

import static io.infergate.gateway.grpc.GrpcTestClient.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.infergate.engine.EngineOptions;
import io.infergate.engine.LocalEngine;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.DataType;
import io.infergate.gateway.config.GrpcOptions;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferInputTensor;
import io.infergate.gateway.http.HttpFrontend;
import io.infergate.gateway.http.HttpSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
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

/** The same identity model over HTTP (binary tensor data) and over gRPC returns the same bytes, for every datatype. */
class HttpGrpcParityTest {
    private static final int ELEMENTS = 5;

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
        http = await(HttpFrontend.listen(vertx, engine, HttpSettings.defaults("infergate", "0.1.0"), "127.0.0.1", 0));
        grpc = await(GrpcFrontend.listen(vertx, engine, new GrpcSettings("infergate", "0.1.0",
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
