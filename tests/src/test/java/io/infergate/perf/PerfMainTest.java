package io.infergate.perf;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.server.InfergateServer;
import io.infergate.testsupport.ProjectPaths;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool against a whole server started in-process: a short sweep, and bad input as one line. */
class PerfMainTest {
    private static InfergateServer server;

    @BeforeAll
    static void startServer() {
        server = await(InfergateServer.start(ServerOptions.fromArgs(
                "--model-repository=" + ProjectPaths.examples(), "--model-repository=" + ProjectPaths.tritonExamples(),
                "--model-control-mode=explicit", "--load-model=simple", "--load-model=repeat_int32", "--http-port=0", "--http-address=127.0.0.1", "--grpc-port=0",
                "--grpc-address=127.0.0.1", "--allow-metrics=false")));
    }

    @AfterAll
    static void stopServer() {
        await(server.close());
    }

    @Test
    void sweepWritesOneRowPerLevelForTheServerAndTheEchoBaseline(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("simple.csv");
        Run run = run("-m", "simple", "-u", url(), "--concurrency-range", "1:2", "-p", "150", "-r", "3",
                "--baseline", "echo", "-f", csv.toString(), "--chart", dir.resolve("simple.png").toString());
        assertEquals(0, run.status, run.err);
        List<String> rows = Files.readAllLines(csv);
        assertEquals(3, rows.size());
        assertTrue(rows.get(0).startsWith("Concurrency,Inferences/Second,Client Send,"));
        assertTrue(rows.get(1).startsWith("1,") && rows.get(2).startsWith("2,"), rows.toString());
        assertEquals(3, Files.readAllLines(dir.resolve("simple.echo.csv")).size());
        assertTrue(Files.size(dir.resolve("simple.png")) > 0);
        assertTrue(run.out.contains("| Concurrency | infer/s vs echo | p50 vs echo |"), run.out);
        // The server's statistics extension fills the server columns.
        assertTrue(Double.parseDouble(rows.get(1).split(",")[6]) > 0, rows.get(1));
    }

    @Test
    void jsonRequestsWorkToo() {
        Run run = run("-m", "simple", "-u", url(), "-p", "100", "-r", "3", "--binary-data", "off", "-b", "2");
        assertEquals(0, run.status, run.err);
        assertTrue(run.out.contains("| 1 | simple (http) |"), run.out);
    }

    @Test
    void grpcRunsMeasureTheServerAndTheGrpcEcho(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("grpc.csv");
        Run run = run("-m", "simple", "-i", "grpc", "-u", "127.0.0.1:" + server.grpcPort(), "-p", "150", "-r", "3",
                "--baseline", "echo", "-f", csv.toString());
        assertEquals(0, run.status, run.err);
        List<String> rows = Files.readAllLines(csv);
        assertEquals(2, rows.size());
        assertTrue(Double.parseDouble(rows.get(1).split(",")[6]) > 0, rows.get(1));
        assertTrue(run.out.contains("| 1 | simple (grpc) |"), run.out);
        assertEquals(2, Files.readAllLines(dir.resolve("grpc.echo.csv")).size());
    }

    @Test
    void streamingRunsMeasureTheServerAndTheStreamEcho(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("stream.csv");
        Run run = run("-m", "simple", "-i", "grpc", "--streaming", "-u", "127.0.0.1:" + server.grpcPort(),
                "--concurrency-range", "4", "-p", "150", "-r", "3", "--baseline", "echo", "-f", csv.toString());
        assertEquals(0, run.status, run.err);
        List<String> rows = Files.readAllLines(csv);
        assertEquals(2, rows.size());
        assertTrue(Double.parseDouble(rows.get(1).split(",")[1]) > 0, rows.get(1));
        assertTrue(Double.parseDouble(rows.get(1).split(",")[6]) > 0, rows.get(1));
        assertEquals(2, Files.readAllLines(dir.resolve("stream.echo.csv")).size());
    }

    @Test
    void streamingADecoupledModelWaitsForEachRequestsFinalResponse() {
        Run run = run("-m", "repeat_int32", "-i", "grpc", "--streaming", "-u", "127.0.0.1:" + server.grpcPort(),
                "--shape", "IN:3", "--shape", "DELAY:3", "--input-data", "zero", "--concurrency-range", "2",
                "-p", "150", "-r", "3");
        assertEquals(0, run.status, run.err);
        assertTrue(run.out.contains("| 2 | repeat_int32 (grpc) |"), run.out);
    }

    @Test
    void unknownModelOverGrpcIsOneLine() {
        Run run = run("-m", "nope", "-i", "grpc", "-u", "127.0.0.1:" + server.grpcPort());
        assertEquals(2, run.status);
        assertOneLine(run, "perf: ModelMetadata of nope: ");
    }

    @Test
    void unknownModelIsOneLine() {
        Run run = run("-m", "nope", "-u", url());
        assertEquals(2, run.status);
        assertOneLine(run, "perf: GET /v2/models/nope: HTTP 4");
    }

    @Test
    void aShapeThatDoesNotFitIsOneLine() {
        Run run = run("-m", "simple", "-u", url(), "--shape", "INPUT0:8");
        assertEquals(2, run.status);
        assertOneLine(run, "perf: --shape INPUT0:8 does not fit dims [16] of simple");
    }

    @Test
    void anUnreachableServerIsOneLine() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = run("-m", "simple", "-u", "127.0.0.1:" + port);
        assertEquals(2, run.status);
        assertOneLine(run, "perf: cannot reach the server at 127.0.0.1:" + port);
    }

    private static void assertOneLine(Run run, String prefix) {
        assertTrue(run.err.startsWith(prefix), run.err);
        assertEquals(1, run.err.lines().count(), run.err);
    }

    private static String url() {
        return "127.0.0.1:" + server.httpPort();
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PerfMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        String errors = err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.contains(" window "))
                .reduce("", (a, b) -> a + b + "\n");
        return new Run(status, out.toString(StandardCharsets.UTF_8), errors);
    }
}
