package io.infergate.gateway.trace;

import static io.infergate.gateway.trace.OtlpReceiver.attribute;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.testsupport.Await;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python model's BLS request made with {@code trace=request.trace()}, exported as an
 * OpenTelemetry span: a child of the calling request's span, in its trace.
 */
class BlsSpanTest {
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
        Path version = Files.createDirectories(repository.resolve("bls_caller").resolve("1"));
        Files.writeString(version.resolve("model.py"), CALLER);
        Files.writeString(version.getParent().resolve("config.pbtxt"), """
                backend: "python"
                max_batch_size: 0
                input [ { name: "IN" data_type: TYPE_FP32 dims: [ -1 ] } ]
                output [ { name: "OUT" data_type: TYPE_FP32 dims: [ -1 ] } ]
                """);
        receiver = new OtlpReceiver();
        List<String> flags = new ArrayList<>(receiver.traceConfig());
        flags.addAll(List.of("--trace-config=level=TIMESTAMPS", "--trace-config=rate=1"));
        server = new TraceTestServer(repository, flags.toArray(String[]::new));
        HttpResponse<Buffer> loaded = Await.await(server.client.post("/v2/repository/models/bls_caller/load").send(),
                PYTHON_LOAD);
        assertEquals(200, loaded.statusCode(), loaded.bodyAsString());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        receiver.close();
    }

    @Test
    void aBlsRequestMadeWithTheRequestsTraceIsAChildSpanOfTheRequests() {
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
