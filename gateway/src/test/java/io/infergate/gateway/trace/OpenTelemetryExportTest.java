package io.infergate.gateway.trace;

import static io.infergate.gateway.trace.OtlpReceiver.attribute;
import static io.infergate.gateway.trace.OtlpReceiver.hex;
import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelStreamInferResponse;
import io.infergate.testsupport.Await;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --trace-config mode=opentelemetry}: spans exported over OTLP/HTTP to a real receiver this
 * test starts on loopback, which decodes the protobuf with opentelemetry-proto's classes; requests,
 * streams, decoupled models, ensemble steps and Python BLS requests.
 */
class OpenTelemetryExportTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";
    /** Python models start an interpreter when they load: longer than Await's default. */
    private static final Duration PYTHON_LOAD = Duration.ofSeconds(180);
    private static final String CALLER = """
            import triton_python_backend_utils as pb_utils

            class TritonPythonModel:
                def execute(self, requests):
                    responses = []
                    for request in requests:
                        values = pb_utils.get_input_tensor_by_name(request, "IN").as_list()
                        step = pb_utils.InferenceRequest(model_name="id", requested_output_names=["OUTPUT0"],
                            inputs=[pb_utils.Tensor.from_list("INPUT0", values, "FP32")],
                            trace=request.trace()).exec()
                        if step.has_error():
                            raise pb_utils.TritonModelException(step.error().message())
                        out = pb_utils.get_output_tensor_by_name(step, "OUTPUT0").as_list()
                        responses.append(pb_utils.InferenceResponse(
                            output_tensors=[pb_utils.Tensor.from_list("OUT", out, "FP32")]))
                    return responses
            """;

    @TempDir
    Path repository;
    private OtlpReceiver receiver;
    private TraceTestServer server;

    @BeforeEach
    void start() throws Exception {
        // written for the BLS test, loaded only there (the trace server loads the models it names)
        Path version = Files.createDirectories(repository.resolve("bls_caller").resolve("1"));
        Files.writeString(version.resolve("model.py"), CALLER);
        Files.writeString(version.getParent().resolve("config.pbtxt"), """
                backend: "python"
                max_batch_size: 0
                input [ { name: "IN" data_type: TYPE_FP32 dims: [ -1 ] } ]
                output [ { name: "OUT" data_type: TYPE_FP32 dims: [ -1 ] } ]
                """);
        receiver = new OtlpReceiver();
        server = new TraceTestServer(repository,
                receiver.traceConfig("--trace-config=opentelemetry,resource=service.name=trace-test"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        receiver.close();
    }

    private List<Span> spansNamed(String name, int count) {
        return receiver.spansNamed(name, count);
    }

    @Test
    void aRequestIsASpanWithTritonsTimestampsAsEventsAndAComputeChild() {
        assertEquals(200, server.infer("id", "INPUT0", 1f).statusCode());
        Span request = spansNamed("InferRequest", 1).getFirst();
        assertEquals("id", attribute(request, "triton.model_name"));
        assertEquals("1", attribute(request, "triton.model_version"));
        assertEquals(List.of("HTTP_RECV_START", "HTTP_RECV_END", "REQUEST_START", "QUEUE_START", "COMPUTE_START",
                "COMPUTE_INPUT_END", "COMPUTE_OUTPUT_START", "COMPUTE_END", "REQUEST_END", "HTTP_SEND_START",
                "HTTP_SEND_END"), request.getEventsList().stream().map(Span.Event::getName).toList());
        assertEquals(request.getStartTimeUnixNano(), request.getEvents(0).getTimeUnixNano());
        assertEquals(request.getEndTimeUnixNano(), request.getEvents(10).getTimeUnixNano());
        long nowNanos = System.currentTimeMillis() * 1_000_000L;
        assertTrue(Math.abs(nowNanos - request.getStartTimeUnixNano()) < 600_000_000_000L, "times since the epoch");
        Span compute = spansNamed("compute", 1).getFirst();
        assertEquals(request.getSpanId(), compute.getParentSpanId());
        assertEquals(List.of("trace-test"), receiver.services().stream().distinct().toList());
    }

    @Test
    void aTraceparentMakesTheRequestSpanAChildOfTheClientsSpan() {
        assertEquals(200, await(server.client.post("/v2/models/id/infer")
                .putHeader("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01")
                .sendJsonObject(new JsonObject("{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\","
                        + "\"shape\":[1],\"data\":[2]}]}"))).statusCode());
        Span request = spansNamed("InferRequest", 1).getFirst();
        assertEquals(TRACE_ID, hex(request.getTraceId()));
        assertEquals(CLIENT_SPAN, hex(request.getParentSpanId()));
    }

    @Test
    void aTraceparentInGrpcMetadataMakesTheRequestSpanAChildOfTheClientsSpan() {
        ModelInferRequest request = TraceRequests.identity("", 5f);
        try (GrpcCalls grpc = new GrpcCalls(server.server.grpcPort())) {
            assertEquals(GrpcStatus.OK, grpc.call(GRPCInferenceServiceGrpcClient.ModelInfer, request,
                    Map.of("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01")).status());
        }
        Span span = spansNamed("InferRequest", 1).getFirst();
        assertEquals(TRACE_ID, hex(span.getTraceId()));
        assertEquals(CLIENT_SPAN, hex(span.getParentSpanId()));
        assertEquals("GRPC_WAITREAD_START", span.getEvents(0).getName());
    }

    private GrpcCalls.Streamed<ModelStreamInferResponse> stream(Map<String, String> metadata,
            ModelInferRequest request) {
        try (GrpcCalls grpc = new GrpcCalls(server.server.grpcPort())) {
            return grpc.stream(GRPCInferenceServiceGrpcClient.ModelStreamInfer, metadata, List.of(request));
        }
    }

    @Test
    void aStreamRequestsSpanIsAChildOfTheStreamsTraceparent() {
        GrpcCalls.Streamed<ModelStreamInferResponse> answer = stream(
                Map.of("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01"), TraceRequests.identity("s", 1f));
        assertEquals(GrpcStatus.OK, answer.status(), answer.message());
        Span span = spansNamed("InferRequest", 1).getFirst();
        assertEquals(TRACE_ID, hex(span.getTraceId()));
        assertEquals(CLIENT_SPAN, hex(span.getParentSpanId()));
        assertEquals("GRPC_WAITREAD_START", span.getEvents(0).getName());
        assertEquals("GRPC_SEND_END", span.getEvents(span.getEventsCount() - 1).getName());
    }

    @Test
    void aMalformedTraceparentOnAStreamIsIgnored() {
        GrpcCalls.Streamed<ModelStreamInferResponse> answer = stream(Map.of("traceparent", "00-not-a-trace-01"),
                TraceRequests.identity("s", 1f));
        assertEquals(GrpcStatus.OK, answer.status(), answer.message());
        assertEquals("", answer.responses().getFirst().getErrorMessage());
        Span span = spansNamed("InferRequest", 1).getFirst();
        assertTrue(span.getParentSpanId().isEmpty());
    }

    @Test
    void aDecoupledRequestIsOneSpanWithAnEventPerResponse() {
        GrpcCalls.Streamed<ModelStreamInferResponse> answer = stream(Map.of(), TraceRequests.repeat("r", 7, 8));
        assertEquals(GrpcStatus.OK, answer.status(), answer.message());
        assertEquals(3, answer.responses().size());
        Span span = spansNamed("InferRequest", 1).getFirst();
        assertEquals("repeat_int32", attribute(span, "triton.model_name"));
        List<String> events = span.getEventsList().stream().map(Span.Event::getName).toList();
        assertEquals(3, events.stream().filter("GRPC_SEND_START"::equals).count(), events.toString());
        assertEquals(span.getEndTimeUnixNano(), span.getEvents(span.getEventsCount() - 1).getTimeUnixNano());
        assertEquals(span.getSpanId(), spansNamed("compute", 1).getFirst().getParentSpanId());
    }

    @Test
    void aMalformedTraceparentStartsATraceOfItsOwn() {
        assertEquals(200, await(server.client.post("/v2/models/id/infer").putHeader("traceparent", "00-zz-11-01")
                .sendJsonObject(new JsonObject("{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\","
                        + "\"shape\":[1],\"data\":[2]}]}"))).statusCode());
        Span request = spansNamed("InferRequest", 1).getFirst();
        assertTrue(request.getParentSpanId().isEmpty());
        assertNotEquals(TRACE_ID, hex(request.getTraceId()));
    }

    @Test
    void ensembleStepSpansAreChildrenOfTheEnsemblesSpan() {
        assertEquals(200, server.infer("ens", "IN", 3f).statusCode());
        Map<String, List<Span>> byModel = spansNamed("InferRequest", 3).stream()
                .collect(Collectors.groupingBy(span -> attribute(span, "triton.model_name")));
        Span ensemble = byModel.get("ens").getFirst();
        assertEquals(2, byModel.get("id").size());
        for (Span step : byModel.get("id")) {
            assertEquals(ensemble.getSpanId(), step.getParentSpanId());
            assertEquals(ensemble.getTraceId(), step.getTraceId());
            assertEquals(attribute(ensemble, "triton.trace_id"), attribute(step, "triton.trace_parent_id"));
        }
    }

    @Test
    void theSettingsOfOpenTelemetryModeHaveNoFile() {
        JsonObject settings = server.getSettings("/v2/trace/setting").bodyAsJsonObject();
        assertEquals("opentelemetry", settings.getString("trace_mode"));
        assertFalse(settings.containsKey("trace_file"));
        assertEquals(400, server.postSettings("/v2/trace/setting", "{\"trace_file\": \"t.json\"}").statusCode());
        assertEquals(200, server.postSettings("/v2/trace/setting", "{\"trace_rate\": \"2\"}").statusCode());
    }

    @Test
    void aBlsRequestMadeWithTheRequestsTraceIsAChildSpanOfTheRequests() {
        HttpResponse<Buffer> loaded = Await.await(server.client.post("/v2/repository/models/bls_caller/load").send(),
                PYTHON_LOAD);
        assertEquals(200, loaded.statusCode(), loaded.bodyAsString());
        assertEquals(200, server.infer("bls_caller", "IN", 2f, 3f).statusCode());

        Map<String, Span> byModel = receiver.spansNamed("InferRequest", 2).stream()
                .collect(Collectors.toMap(span -> attribute(span, "triton.model_name"), span -> span));
        Span caller = byModel.get("bls_caller");
        Span step = byModel.get("id");
        assertEquals(caller.getTraceId(), step.getTraceId());
        assertEquals(caller.getSpanId(), step.getParentSpanId());
        assertEquals(attribute(caller, "triton.trace_id"), attribute(step, "triton.trace_parent_id"));
    }
}
