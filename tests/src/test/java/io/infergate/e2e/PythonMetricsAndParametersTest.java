package io.infergate.e2e;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.InferParameter;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferResponse;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python model's custom metrics on the metrics port's /metrics, in Prometheus text next to the
 * server's families, gone once the model is unloaded; and its response parameters over HTTP and
 * gRPC.
 */
class PythonMetricsAndParametersTest {
    private static final String CONFIG = """
            backend: "python"
            input [ { name: "IN", data_type: TYPE_INT32, dims: [ 1 ] } ]
            output [ { name: "OUT", data_type: TYPE_INT32, dims: [ 1 ] } ]
            """;
    private static final String MODEL = """
            import triton_python_backend_utils as pb_utils

            class TritonPythonModel:
                def initialize(self, args):
                    labels = {"model": args["model_name"], "version": args["model_version"]}
                    self.requests = pb_utils.MetricFamily(name="e2e_requests_total_ns",
                        description="Cumulative \\"work\\" done", kind=pb_utils.MetricFamily.COUNTER).Metric(labels=labels)
                    self.last = pb_utils.MetricFamily("e2e_last_input", "Last input",
                                                      pb_utils.MetricFamily.GAUGE).Metric(labels=labels)
                    self.sizes = pb_utils.MetricFamily("e2e_input_values", "Input values",
                        pb_utils.MetricFamily.HISTOGRAM).Metric(labels=labels, buckets=[1, 10])

                def execute(self, requests):
                    responses = []
                    for request in requests:
                        value = pb_utils.get_input_tensor_by_name(request, "IN").as_list()[0]
                        self.requests.increment(value)
                        self.last.set(value)
                        self.sizes.observe(value)
                        out = pb_utils.Tensor.from_list("OUT", [value * value], "INT32")
                        responses.append(pb_utils.InferenceResponse(output_tensors=[out],
                            parameters={"squared": True, "input": value, "unit": "count"}))
                    return responses
            """;

    @TempDir
    static Path repository;
    private static RunningServer server;
    private static Vertx vertx;
    private static GRPCInferenceServiceGrpcClient grpc;

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(repository.resolve("counted/1"));
        Files.writeString(repository.resolve("counted/config.pbtxt"), CONFIG);
        Files.writeString(repository.resolve("counted/1/model.py"), MODEL);
        server = RunningServer.start(repository, ModelControlMode.EXPLICIT, List.of("counted"));
        vertx = Vertx.vertx();
        grpc = GRPCInferenceServiceGrpcClient.create(GrpcClient.client(vertx),
                SocketAddress.inetSocketAddress(server.server().grpcPort(), "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        await(vertx.close());
        server.close();
    }

    private static JsonObject inferHttp(int value) {
        var response = server.postJson("/v2/models/counted/infer", new JsonObject().put("inputs", new JsonArray()
                .add(new JsonObject().put("name", "IN").put("datatype", "INT32").put("shape", new JsonArray().add(1))
                        .put("data", new JsonArray().add(value)))));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    @Test
    void responseParametersReachAnHttpClient() {
        assertEquals(new JsonObject().put("squared", true).put("input", 3).put("unit", "count"),
                inferHttp(3).getJsonObject("parameters"));
    }

    @Test
    void responseParametersReachAGrpcClient() {
        ByteString four = ByteString.copyFrom(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 4));
        ModelInferResponse response = await(grpc.modelInfer(ModelInferRequest.newBuilder().setModelName("counted")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("IN").setDatatype("INT32")
                        .addShape(1))
                .addRawInputContents(four).build()));
        assertEquals(Map.of("squared", InferParameter.newBuilder().setBoolParam(true).build(),
                "input", InferParameter.newBuilder().setInt64Param(4).build(),
                "unit", InferParameter.newBuilder().setStringParam("count").build()), response.getParametersMap());
    }

    @Test
    void customMetricsAppearOnTheMetricsPortInPrometheusText() {
        inferHttp(5);
        String text = server.getMetrics().bodyAsString();
        assertTrue(text.contains("# TYPE nv_inference_count counter\n"), "the server's own families stay");
        assertTrue(text.contains("# HELP e2e_requests_total_ns Cumulative \"work\" done\n"
                + "# TYPE e2e_requests_total_ns counter\n"
                + "e2e_requests_total_ns{"), text);
        assertTrue(text.contains("# TYPE e2e_last_input gauge\n"), text);
        assertTrue(text.contains("# TYPE e2e_input_values histogram\n"), text);
        String labels = "model=\"counted\",version=\"1\"";
        assertTrue(text.contains("e2e_last_input{" + labels + "} 5\n"), text);
        assertTrue(text.contains("e2e_input_values_bucket{" + labels + ",le=\"+Inf\"} "), text);
        assertTrue(text.contains("e2e_input_values_count{" + labels + "} "), text);
    }

    @Test
    void customMetricsVanishWhenTheModelIsUnloaded() throws IOException {
        Files.createDirectories(repository.resolve("brief/1"));
        Files.writeString(repository.resolve("brief/config.pbtxt"), CONFIG);
        Files.writeString(repository.resolve("brief/1/model.py"), MODEL.replace("e2e_", "e2e_brief_"));
        assertEquals(200, server.postJson("/v2/repository/models/brief/load", new JsonObject()).statusCode());
        assertTrue(server.getMetrics().bodyAsString().contains("# TYPE e2e_brief_requests_total_ns counter"));
        assertEquals(200, server.postJson("/v2/repository/models/brief/unload", new JsonObject()).statusCode());
        assertFalse(server.getMetrics().bodyAsString().contains("e2e_brief_"));
    }
}
