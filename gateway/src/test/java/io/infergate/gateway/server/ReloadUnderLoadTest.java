package io.infergate.gateway.server;

import static io.infergate.testsupport.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.server.HttpLoadClients.Sample;
import io.infergate.testsupport.ProjectPaths;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of issue 18: a client keeps 16 HTTP requests in flight against an ONNX model while
 * it is reloaded 20 times (its configuration changed, its model file replaced, a version added,
 * a version removed), and no request fails. Every answer names its version and shows by its
 * numbers which model file computed it (add/sub or sub/add), and that version and file must have
 * been ready at some moment while the request was out. Prints the latencies during the reloads
 * and in the steady state after them (docs/benchmarks.md).
 */
class ReloadUnderLoadTest {
    private static final String MODEL = "addsub";
    private static final int IN_FLIGHT = 16;
    private static final int RELOADS = 20;

    @TempDir
    Path repository;
    private InfergateServer server;
    private Vertx vertx;
    private WebClient admin;
    /** The version folders on disk and which example file each holds ("add" or "sub"). */
    private final TreeMap<Long, String> files = new TreeMap<>();
    private int instances = 1;

    @BeforeEach
    void startServer() throws IOException {
        writeConfig();
        writeModelFile(1, "add");
        server = TestServers.start(repository, "--model-control-mode=explicit", "--load-model=*");
        vertx = Vertx.vertx();
        admin = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.httpPort()));
    }

    @AfterEach
    void stopServer() {
        admin.close();
        vertx.close().await();
        server.close().await();
    }

    /** The example "simple" configuration under this model's name, every version served, {@code instances} instances. */
    private void writeConfig() throws IOException {
        String simple = Files.readString(ProjectPaths.examples().resolve("simple/config.pbtxt"));
        Files.createDirectories(repository.resolve(MODEL));
        Files.writeString(repository.resolve(MODEL).resolve("config.pbtxt"), simple.replace("name: \"simple\"", "")
                + "version_policy: { all { } }\ninstance_group [ { count: " + instances + " kind: KIND_CPU } ]\n");
    }

    /** Copies the example add/sub ("add") or sub/add ("sub") model file in as this version's. */
    private void writeModelFile(long version, String kind) throws IOException {
        Path dir = Files.createDirectories(repository.resolve(MODEL).resolve(Long.toString(version)));
        Path example = ProjectPaths.examples().resolve(kind.equals("add") ? "simple" : "simple_sub_add");
        Files.copy(example.resolve("1/model.onnx"), dir.resolve("model.onnx"), StandardCopyOption.REPLACE_EXISTING);
        files.put(version, kind);
    }

    private void removeVersion(long version) throws IOException {
        try (Stream<Path> tree = Files.walk(repository.resolve(MODEL).resolve(Long.toString(version)))) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        files.remove(version);
    }

    /** What the folder serves once loaded: "version:file" names. */
    private Set<String> servers() {
        return files.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.toSet());
    }

    /** Changes the folder the way reload {@code n} does: config, file, version added, version removed, in turn. */
    private String change(int n) throws IOException {
        switch (n % 4) {
            case 0 -> {
                instances = 3 - instances;
                writeConfig();
                return "config: " + instances + " instances";
            }
            case 1 -> {
                long newest = files.lastKey();
                writeModelFile(newest, files.get(newest).equals("add") ? "sub" : "add");
                return "file of version " + newest + " replaced";
            }
            case 2 -> {
                writeModelFile(files.lastKey() + 1, "add");
                return "version " + files.lastKey() + " added";
            }
            default -> {
                long oldest = files.firstKey();
                removeVersion(oldest);
                return "version " + oldest + " removed";
            }
        }
    }

    @Test
    void twentyReloadsUnderSixteenRequestsInFlightFailNoRequest() throws Exception {
        ServingTimeline timeline = new ServingTimeline(System.nanoTime(), servers());
        try (HttpLoadClients clients = new HttpLoadClients(server.httpPort(), MODEL, IN_FLIGHT)) {
            Thread.sleep(3_000); // warm-up (connections, JIT, ONNX Runtime's first runs): not reported
            long reloadsStarted = System.nanoTime();
            for (int n = 0; n < RELOADS; n++) {
                String what = change(n);
                timeline.reloading(System.nanoTime(), servers());
                HttpResponse<Buffer> answer = admin.post("/v2/repository/models/" + MODEL + "/load").send().await();
                assertEquals(200, answer.statusCode(), what + ": " + answer.bodyAsString());
                timeline.reloaded(System.nanoTime());
                Thread.sleep(150);
            }
            long steadyStarted = System.nanoTime();
            Thread.sleep(3_000); // steady state after the reloads, the JIT warmer still: the baseline latencies
            eventually("every client had its last answer", Duration.ofSeconds(60), clients::stop);
            List<Sample> samples = clients.samples();
            List<Sample> failed = samples.stream().filter(Sample::failed).toList();
            assertEquals(List.of(), failed.stream().limit(5).toList(), failed.size() + " of " + samples.size() + " failed");
            for (Sample sample : samples) {
                assertTrue(timeline.couldServe(sample.servedBy(), sample.sentNanos(), sample.answeredNanos()),
                        "answered by " + sample.servedBy() + ", which was not ready while the request was out");
            }
            report(samples, reloadsStarted, steadyStarted);
        }
    }

    /** Prints the request counts and latencies during the reloads and in the steady state after them. */
    private static void report(List<Sample> samples, long reloadsStarted, long steadyStarted) {
        List<Sample> reloading = samples.stream()
                .filter(s -> s.sentNanos() >= reloadsStarted && s.sentNanos() < steadyStarted).toList();
        List<Sample> steady = samples.stream().filter(s -> s.sentNanos() >= steadyStarted).toList();
        assertTrue(reloading.size() > RELOADS, "requests during the reloads: " + reloading.size());
        System.out.printf("reload under load: %d requests (warm-up included), %d failed; during %d reloads %d requests"
                        + " p50 %.2f ms p99 %.2f ms; steady state after them %d requests p50 %.2f ms p99 %.2f ms%n",
                samples.size(), samples.stream().filter(Sample::failed).count(), RELOADS, reloading.size(),
                percentile(reloading, 0.50), percentile(reloading, 0.99), steady.size(), percentile(steady, 0.50),
                percentile(steady, 0.99));
    }

    private static double percentile(List<Sample> samples, double quantile) {
        double[] sorted = samples.stream().mapToDouble(Sample::latencyMillis).sorted().toArray();
        return sorted.length == 0 ? Double.NaN
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }
}
