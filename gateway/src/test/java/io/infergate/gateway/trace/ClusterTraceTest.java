package io.infergate.gateway.trace;

import static io.infergate.gateway.trace.OtlpReceiver.hex;
import static io.infergate.gateway.trace.TraceFiles.heads;
import static io.infergate.gateway.trace.TraceFiles.pointNames;
import static io.infergate.gateway.trace.TraceFiles.timestamps;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.server.InfergateServer;
import io.infergate.testsupport.Await;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A traced request that a cluster gateway routes to a worker (two nodes in this JVM): the
 * worker's engine points come back with the answer, so the gateway's trace (a file, or a span)
 * looks like a local one.
 */
class ClusterTraceTest {
    private static final List<String> HTTP_POINTS = List.of("HTTP_RECV_START", "HTTP_RECV_END", "REQUEST_START",
            "QUEUE_START", "COMPUTE_START", "COMPUTE_INPUT_END", "COMPUTE_OUTPUT_START", "COMPUTE_END", "REQUEST_END",
            "HTTP_SEND_START", "HTTP_SEND_END");
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";

    @TempDir
    Path repository;
    @TempDir
    Path traces;
    private final Vertx vertx = Vertx.vertx();
    private final WebClient client = WebClient.create(vertx);
    private InfergateServer worker;
    private InfergateServer gateway;
    private OtlpReceiver receiver;

    @AfterEach
    void stop() {
        await(vertx.close());
        if (gateway != null) {
            await(gateway.close());
        }
        if (worker != null) {
            await(worker.close());
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    /** Forming a cluster (Hazelcast discovery) may take longer than a request. */
    private static <T> T await(Future<T> future) {
        return Await.await(future, Duration.ofSeconds(120));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private InfergateServer node(String role, int port, int firstMember, List<String> flags) {
        List<String> args = new ArrayList<>(List.of("--cluster", "--role=" + role,
                "--cluster-name=trace-" + firstMember, "--cluster-port=" + port,
                "--cluster-members=127.0.0.1:" + firstMember, "--model-repository=" + repository,
                "--http-port=0", "--grpc-port=0", "--allow-metrics=false", "--http-address=127.0.0.1",
                "--grpc-address=127.0.0.1"));
        args.addAll(flags);
        return await(InfergateServer.start(ServerOptions.fromArgs(args.toArray(String[]::new))));
    }

    /** A worker serving an identity model and a gateway tracing with these flags. */
    private void startCluster(List<String> gatewayTraceFlags) throws Exception {
        Path model = Files.createDirectories(repository.resolve("id_fp32").resolve("1"));
        Files.writeString(model.getParent().resolve("config.pbtxt"), """
                backend: "identity"
                max_batch_size: 0
                input [ { name: "INPUT0" data_type: TYPE_FP32 dims: [ -1 ] } ]
                output [ { name: "OUTPUT0" data_type: TYPE_FP32 dims: [ -1 ] } ]
                """);
        int first = freePort();
        worker = node("worker", first, first, List.of());
        gateway = node("gateway", freePort(), first, gatewayTraceFlags);
        Await.eventually("the gateway to route to the worker", Duration.ofSeconds(120), () -> await(client.get(
                gateway.httpPort(), "127.0.0.1", "/v2/models/id_fp32/ready").send()).statusCode() == 200);
    }

    private void inferThroughTheGateway(String traceparent) {
        HttpResponse<Buffer> answer = await(client.post(gateway.httpPort(), "127.0.0.1", "/v2/models/id_fp32/infer")
                .putHeader("traceparent", traceparent).sendJsonObject(new JsonObject("{\"inputs\":[{\"name\":"
                        + "\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[7]}]}")));
        assertEquals(200, answer.statusCode(), answer.bodyAsString());
    }

    @Test
    void aRequestRoutedToAWorkerHasTheWorkersEnginePointsInTheGatewaysTraceFile() throws Exception {
        startCluster(List.of("--trace-config=triton,file=" + traces.resolve("trace.json"),
                "--trace-config=triton,log-frequency=1", "--trace-config=level=TIMESTAMPS", "--trace-config=rate=1"));
        inferThroughTheGateway("");

        List<JsonObject> entries = TraceFiles.numbered(traces.resolve("trace.json"), 1);
        JsonObject head = heads(entries).getFirst();
        assertEquals("id_fp32", head.getString("model_name"));
        assertEquals(1, head.getLong("model_version"), "the version the worker ran");
        long id = head.getLong("id");
        assertEquals(HTTP_POINTS, pointNames(entries, id));
        List<Long> nanos = timestamps(entries, id).stream().map(t -> t.getLong("ns")).toList();
        assertEquals(nanos.stream().sorted().toList(), nanos, "the worker's points placed between the gateway's");
    }

    @Test
    void aRequestRoutedToAWorkerIsOneSpanWithTheWorkersPointsInTheClientsTrace() throws Exception {
        receiver = new OtlpReceiver();
        startCluster(List.of(receiver.traceConfig()));
        inferThroughTheGateway("00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01");

        Span request = receiver.spansNamed("InferRequest", 1).getFirst();
        assertEquals(TRACE_ID, hex(request.getTraceId()));
        assertEquals(CLIENT_SPAN, hex(request.getParentSpanId()));
        assertEquals(HTTP_POINTS, request.getEventsList().stream().map(Span.Event::getName).toList());
        assertEquals(request.getSpanId(), receiver.spansNamed("compute", 1).getFirst().getParentSpanId());
    }
}
