package io.infergate.gateway.trace;

import static io.infergate.gateway.trace.TraceFiles.heads;
import static io.infergate.gateway.trace.TraceFiles.pointNames;
import static io.infergate.gateway.trace.TraceFiles.timestamps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelStreamInferResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trace files of requests answered as streams, over real sockets: gRPC {@code ModelStreamInfer},
 * {@code generate} and {@code generate_stream}, and decoupled models, whose one trace covers every
 * response.
 */
class StreamedTraceFilesTest {
    private static final List<String> ENGINE_POINTS = List.of("REQUEST_START", "QUEUE_START", "COMPUTE_START",
            "COMPUTE_INPUT_END", "COMPUTE_OUTPUT_START", "COMPUTE_END", "REQUEST_END");

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

    /** A server tracing every request, writing a file per {@code perFile} traces. */
    private void start(int perFile) throws IOException {
        server = new TraceTestServer(repository, "--trace-config=triton,file=" + traces.resolve("trace.json"),
                "--trace-config=level=TIMESTAMPS", "--trace-config=rate=1",
                "--trace-config=triton,log-frequency=" + perFile);
    }

    private List<JsonObject> firstFile() {
        return TraceFiles.numbered(traces.resolve("trace.json"), 1);
    }

    /** The points of the first file's first trace (a test that traced one request). */
    private List<String> theOneTracesPoints() {
        List<JsonObject> entries = firstFile();
        return pointNames(entries, heads(entries).getFirst().getLong("id"));
    }

    private GrpcCalls.Streamed<ModelStreamInferResponse> stream(ModelInferRequest... requests) {
        try (GrpcCalls grpc = new GrpcCalls(server.server.grpcPort())) {
            return grpc.stream(GRPCInferenceServiceGrpcClient.ModelStreamInfer, Map.of(), List.of(requests));
        }
    }

    private static List<String> withFrontend(String first, String second, String sendStart, String sendEnd) {
        return concat(List.of(first, second), ENGINE_POINTS, List.of(sendStart, sendEnd));
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return Arrays.stream(parts).flatMap(List::stream).toList();
    }

    private static void assertInTimeOrder(List<JsonObject> entries, long id) {
        List<Long> nanos = timestamps(entries, id).stream().map(t -> t.getLong("ns")).toList();
        List<Long> sorted = nanos.stream().sorted().toList();
        assertEquals(sorted, nanos, "timestamps in the order they were passed");
    }

    /** The trace has every engine point, and {@code sends} sendings by the frontend ("HTTP", "GRPC"). */
    private static void assertSendsAndEnginePoints(int sends, String frontend, List<String> points) {
        assertTrue(points.containsAll(ENGINE_POINTS), points.toString());
        assertEquals(sends, Collections.frequency(points, frontend + "_SEND_START"), points.toString());
        assertEquals(sends, Collections.frequency(points, frontend + "_SEND_END"), points.toString());
    }

    @Test
    void eachRequestOfAStreamIsTracedLikeAUnaryOne() throws IOException {
        start(2);
        GrpcCalls.Streamed<ModelStreamInferResponse> answer = stream(TraceRequests.identity("a", 1f),
                TraceRequests.identity("b", 2f));
        assertEquals(GrpcStatus.OK, answer.status(), answer.message());
        assertEquals(2, answer.responses().size());

        List<JsonObject> entries = firstFile();
        List<JsonObject> heads = heads(entries);
        assertEquals(List.of("a", "b"), heads.stream().map(h -> h.getString("request_id")).sorted().toList());
        for (JsonObject head : heads) {
            assertEquals("id", head.getString("model_name"));
            assertEquals(withFrontend("GRPC_WAITREAD_START", "GRPC_WAITREAD_END", "GRPC_SEND_START", "GRPC_SEND_END"),
                    pointNames(entries, head.getLong("id")));
        }
    }

    @Test
    void aFailedRequestOnAStreamEndsItsTraceAndTheStreamGoesOn() throws IOException {
        start(2);
        ModelInferRequest unknownModel = TraceRequests.identity("bad", 1f).toBuilder().setModelName("nope").build();
        GrpcCalls.Streamed<ModelStreamInferResponse> answer = stream(unknownModel, TraceRequests.identity("good", 2f));
        assertEquals(GrpcStatus.OK, answer.status(), answer.message());
        assertEquals(2, answer.responses().size());
        assertEquals(1, answer.responses().stream().filter(r -> !r.getErrorMessage().isEmpty()).count());

        Map<String, JsonObject> byRequest = heads(firstFile()).stream()
                .collect(Collectors.toMap(h -> h.getString("request_id"), h -> h));
        assertEquals(withFrontend("GRPC_WAITREAD_START", "GRPC_WAITREAD_END", "GRPC_SEND_START", "GRPC_SEND_END"),
                pointNames(firstFile(), byRequest.get("good").getLong("id")));
        List<String> failed = pointNames(firstFile(), byRequest.get("bad").getLong("id"));
        assertEquals("GRPC_SEND_END", failed.getLast(), "the error answer was sent: " + failed);
    }

    @Test
    void aDecoupledRequestIsOneTraceCoveringEveryResponse() throws IOException {
        start(1);
        GrpcCalls.Streamed<ModelStreamInferResponse> answer = stream(TraceRequests.repeat("r", 4, 5, 6));
        assertEquals(GrpcStatus.OK, answer.status(), answer.message());
        assertEquals(4, answer.responses().size(), "three answers and the empty final one");

        List<JsonObject> entries = firstFile();
        JsonObject head = heads(entries).getFirst();
        assertEquals("repeat_int32", head.getString("model_name"));
        List<String> points = pointNames(entries, head.getLong("id"));
        assertSendsAndEnginePoints(4, "GRPC", points);
        assertEquals("GRPC_WAITREAD_START", points.getFirst());
        assertTrue(points.indexOf("REQUEST_END") < points.lastIndexOf("GRPC_SEND_START"),
                "the trace goes on past the final flag to the final response's sending: " + points);
        assertInTimeOrder(entries, head.getLong("id"));
    }

    @Test
    void aDecoupledRequestWithoutResponsesIsTracedToItsFinalFlag() throws IOException {
        start(1);
        GrpcCalls.Streamed<ModelStreamInferResponse> answer = stream(TraceRequests.repeat("none"));
        assertEquals(GrpcStatus.OK, answer.status(), answer.message());
        assertEquals(1, answer.responses().size(), "the empty final response only");

        List<String> points = theOneTracesPoints();
        assertEquals(List.of("GRPC_WAITREAD_START", "GRPC_WAITREAD_END"), points.subList(0, 2));
        assertSendsAndEnginePoints(1, "GRPC", points);
    }

    @Test
    void aGenerateRequestIsTracedWithHttpTimestamps() throws IOException {
        start(1);
        HttpResponse<Buffer> response = server.post("/v2/models/id/generate", "{\"INPUT0\": [1.5, 2.5]}");
        assertEquals(200, response.statusCode(), response.bodyAsString());

        assertEquals(withFrontend("HTTP_RECV_START", "HTTP_RECV_END", "HTTP_SEND_START", "HTTP_SEND_END"),
                theOneTracesPoints());
    }

    @Test
    void eachEventOfGenerateStreamIsASendingOfItsOwn() throws IOException {
        start(1);
        HttpResponse<Buffer> response = server.post("/v2/models/repeat_int32/generate_stream",
                "{\"IN\": [1, 2, 3], \"DELAY\": [0, 0, 0], \"WAIT\": [0]}");
        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertEquals(3, response.bodyAsString().split("data: ", -1).length - 1, response.bodyAsString());

        List<JsonObject> entries = firstFile();
        JsonObject head = heads(entries).getFirst();
        assertEquals("repeat_int32", head.getString("model_name"));
        List<String> points = pointNames(entries, head.getLong("id"));
        assertEquals(List.of("HTTP_RECV_START", "HTTP_RECV_END"), points.subList(0, 2));
        assertSendsAndEnginePoints(3, "HTTP", points);
        assertInTimeOrder(entries, head.getLong("id"));
    }

    @Test
    void aGenerateRequestWithABadBodyIsAnsweredAndItsTraceEnds() throws IOException {
        start(1);
        HttpResponse<Buffer> response = server.post("/v2/models/id/generate", "{\"INPUT0\": ");
        assertEquals(400, response.statusCode(), response.bodyAsString());

        assertEquals(List.of("HTTP_RECV_START", "HTTP_RECV_END"), theOneTracesPoints());
    }
}
