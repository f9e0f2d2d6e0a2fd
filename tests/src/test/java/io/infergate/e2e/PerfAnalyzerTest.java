package io.infergate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infergate.testsupport.ProjectPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NVIDIA's perf_analyzer (scripts/perf-analyzer, fetched by scripts/test) measures the server as it
 * measures Triton: it reads the model's metadata and configuration, sends inferences over HTTP,
 * gRPC and a gRPC stream, and reads the statistics extension for the server-side columns of its
 * CSV. Skipped when the binary is not fetched.
 */
class PerfAnalyzerTest {
    private static final Path SCRIPT = ProjectPaths.projectRoot().resolve("scripts/perf-analyzer");
    private static final long LIMIT_SECONDS = 180;
    private static RunningServer server;

    @TempDir
    Path work;

    @BeforeAll
    static void start() {
        server = RunningServer.serving(ProjectPaths.tritonExamples());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void perfAnalyzerIsFetched() throws Exception {
        assumeTrue(run(List.of("--check")).exitCode() == 0,
                "perf_analyzer is not fetched: run scripts/perf-analyzer --fetch (scripts/test does)");
    }

    private record Outcome(int exitCode, String output) {
    }

    private Outcome run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(args);
        Path output = Files.createTempFile("perf-analyzer", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return new Outcome(-1, "ran past " + LIMIT_SECONDS + " s: " + Files.readString(output));
            }
            return new Outcome(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * The CSV's rows after its header, as numbers; fails with perf_analyzer's output unless it
     * exited 0. Any three windows count as stable: this checks that it works, not what it measures
     * on a server that is still warming up.
     */
    private List<double[]> measure(String... flags) throws Exception {
        Path csv = work.resolve("simple.csv");
        List<String> args = new ArrayList<>(List.of("-m", "simple", "--concurrency-range", "1:2",
                "--measurement-interval", "500", "--stability-percentage", "1000", "--max-trials", "10",
                "-f", csv.toString()));
        args.addAll(List.of(flags));
        Outcome outcome = run(args);
        assertEquals(0, outcome.exitCode(), outcome.output());
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.getFirst().startsWith("Concurrency,Inferences/Second,"), lines.getFirst());
        return lines.subList(1, lines.size()).stream()
                .map(line -> Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray()).toList();
    }

    /** One row per concurrency level, with client throughput and the server's compute time (column 7). */
    private static void assertMeasuredByClientAndServer(List<double[]> rows) {
        assertEquals(2, rows.size());
        for (double[] row : rows) {
            assertTrue(row[1] > 0, "inferences per second at concurrency " + row[0]);
            assertTrue(row[6] > 0, "server compute infer time from the statistics extension at concurrency " + row[0]);
        }
    }

    @Test
    void measuresOverHttp() throws Exception {
        assertMeasuredByClientAndServer(measure("-u", "127.0.0.1:" + server.server().httpPort()));
    }

    @Test
    void measuresOverGrpc() throws Exception {
        assertMeasuredByClientAndServer(measure("-i", "grpc", "-u", "127.0.0.1:" + server.server().grpcPort()));
    }

    @Test
    void measuresOverAGrpcStream() throws Exception {
        assertMeasuredByClientAndServer(measure("-i", "grpc", "--streaming", "-u",
                "127.0.0.1:" + server.server().grpcPort()));
    }
}
