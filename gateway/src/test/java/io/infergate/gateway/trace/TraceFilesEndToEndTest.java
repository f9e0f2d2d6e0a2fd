package io.infergate.gateway.trace;

import static io.infergate.gateway.trace.TraceFiles.heads;
import static io.infergate.gateway.trace.TraceFiles.pointNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traced requests over real sockets write Triton's trace files: timestamps in order, sampling by
 * rate and count, ensemble steps as children, tensors, and when the files are written.
 */
class TraceFilesEndToEndTest {
    private static final List<String> HTTP_POINTS = List.of("HTTP_RECV_START", "HTTP_RECV_END", "REQUEST_START",
            "QUEUE_START", "COMPUTE_START", "COMPUTE_INPUT_END", "COMPUTE_OUTPUT_START", "COMPUTE_END", "REQUEST_END",
            "HTTP_SEND_START", "HTTP_SEND_END");

    @TempDir
    Path repository;
    @TempDir
    Path traces;
    private TraceTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A server tracing with these settings (besides the file, in the test's folder) from start-up. */
    private void start(String... traceConfig) throws IOException {
        List<String> flags = new ArrayList<>(List.of("--trace-config=triton,file=" + traces.resolve("trace.json")));
        for (String setting : traceConfig) {
            flags.add("--trace-config=" + setting);
        }
        server = new TraceTestServer(repository, flags.toArray(String[]::new));
    }

    private void inferId(int times) {
        for (int i = 0; i < times; i++) {
            assertEquals(200, server.infer("id", "INPUT0", 1f, 2f).statusCode());
        }
    }

    private List<JsonObject> entries(int files) {
        return TraceFiles.numbered(traces.resolve("trace.json"), files);
    }

    @Test
    void anHttpRequestIsTracedWithTritonsTimestampsInOrder() throws IOException {
        start("level=TIMESTAMPS", "rate=1", "triton,log-frequency=1");
        inferId(1);
        List<JsonObject> entries = entries(1);
        JsonObject head = heads(entries).getFirst();
        assertEquals("id", head.getString("model_name"));
        assertEquals(1, head.getLong("model_version"));
        assertEquals("req-id", head.getString("request_id"));
        assertFalse(head.containsKey("parent_id"));
        assertEquals(HTTP_POINTS, pointNames(entries, head.getLong("id")));
        JsonArray timestamps = entries.get(1).getJsonArray("timestamps");
        for (int i = 1; i < timestamps.size(); i++) {
            assertTrue(timestamps.getJsonObject(i - 1).getLong("ns") <= timestamps.getJsonObject(i).getLong("ns"),
                    timestamps.encode());
        }
    }

    @Test
    void everyRateThRequestIsTraced() throws IOException {
        start("level=TIMESTAMPS", "rate=3", "triton,log-frequency=2");
        inferId(6);
        assertEquals(2, heads(entries(1)).size(), "6 requests at rate 3: the 3rd and the 6th");
        assertFalse(Files.exists(traces.resolve("trace.json.1")));
    }

    @Test
    void tracingStopsOnceTheCountIsSpent() throws IOException {
        start("level=TIMESTAMPS", "rate=1", "count=2", "triton,log-frequency=1");
        inferId(4);
        assertEquals(2, heads(entries(2)).size());
        assertEquals("0", server.getSettings("/v2/trace/setting").bodyAsJsonObject().getString("trace_count"));
        assertFalse(Files.exists(traces.resolve("trace.json.2")), "no third trace");
    }

    @Test
    void ensembleStepsAreTracedAsChildrenOfTheEnsemblesTrace() throws IOException {
        start("level=TIMESTAMPS", "rate=1", "triton,log-frequency=3");
        assertEquals(200, server.infer("ens", "IN", 4f).statusCode());
        List<JsonObject> heads = heads(entries(1));
        Map<String, List<JsonObject>> byModel = heads.stream()
                .collect(Collectors.groupingBy(h -> h.getString("model_name")));
        JsonObject ensemble = byModel.get("ens").getFirst();
        assertFalse(ensemble.containsKey("parent_id"));
        assertEquals(2, byModel.get("id").size(), heads.toString());
        byModel.get("id").forEach(step -> assertEquals(ensemble.getLong("id"), step.getLong("parent_id")));
    }

    @Test
    void theTensorsLevelRecordsTheRequestsInputsAndOutputs() throws IOException {
        start("level=TENSORS", "rate=1", "triton,log-frequency=1");
        inferId(1);
        List<JsonObject> entries = entries(1);
        Map<String, JsonObject> tensors = entries.stream().filter(e -> e.containsKey("activity"))
                .collect(Collectors.toMap(e -> e.getString("activity"), e -> e.getJsonObject("tensor")));
        assertEquals(new JsonObject().put("name", "INPUT0").put("data", "1.0,2.0").put("shape", "2")
                .put("dtype", "FP32"), tensors.get("TENSOR_QUEUE_INPUT"));
        assertEquals("OUTPUT0", tensors.get("TENSOR_BACKEND_OUTPUT").getString("name"));
        assertTrue(pointNames(entries, heads(entries).getFirst().getLong("id")).isEmpty(),
                "TENSORS alone records no timestamps");
    }

    @Test
    void withLogFrequencyZeroTheFileIsWrittenAtShutdown() throws IOException {
        start("level=TIMESTAMPS", "rate=1");
        inferId(2);
        server.close();
        server = null;
        assertEquals(2, heads(TraceFiles.read(traces.resolve("trace.json"))).size());
    }

    @Test
    void aClientTurnsTracingOnForOneModel() throws IOException {
        start("triton,log-frequency=1");
        inferId(1);
        assertEquals(200, server.postSettings("/v2/models/id/trace/setting",
                "{\"trace_level\": [\"TIMESTAMPS\"], \"trace_rate\": \"1\"}").statusCode());
        assertEquals(200, server.infer("ens", "IN", 1f).statusCode());
        inferId(1);
        List<String> traced = heads(entries(1)).stream().map(h -> h.getString("model_name")).toList();
        assertEquals(List.of("id"), traced, "the ensemble is not traced, nor the request before the change");
    }

    @Test
    void aGrpcRequestIsTracedWithGrpcTimestamps() throws Exception {
        start("level=TIMESTAMPS", "rate=1", "triton,log-frequency=1");
        try (GrpcCalls grpc = new GrpcCalls(server.server.grpcPort())) {
            ModelInferRequest request = TraceRequests.identity("", 3f);
            assertEquals(GrpcStatus.OK, grpc.call(GRPCInferenceServiceGrpcClient.ModelInfer, request).status());
        }
        List<JsonObject> entries = entries(1);
        List<String> points = pointNames(entries, heads(entries).getFirst().getLong("id"));
        assertEquals(List.of("GRPC_WAITREAD_START", "GRPC_WAITREAD_END", "REQUEST_START", "QUEUE_START",
                "COMPUTE_START", "COMPUTE_INPUT_END", "COMPUTE_OUTPUT_START", "COMPUTE_END", "REQUEST_END",
                "GRPC_SEND_START", "GRPC_SEND_END"), points);
    }

    @Test
    void nothingIsWrittenWhileTracingIsOff() throws IOException {
        start("triton,log-frequency=1");
        inferId(3);
        server.close();
        server = null;
        try (var files = Files.list(traces)) {
            assertEquals(List.of(), files.map(Function.identity()).toList());
        }
    }
}
