package io.infergate.jmh;

import static io.infergate.testsupport.Await.await;

import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.server.InfergateServer;
import io.infergate.testkit.image.OcrModels;
import io.infergate.testkit.image.TextImage;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * OCR latency per image over HTTP at concurrency 1: the Python BLS model {@code ocr} and the
 * {@code ocr_ensemble} pipeline on the real PP-OCRv4 models (scripts/fetch-models), with GraalPy
 * JIT-compiled ({@link JitOn}) and interpreted ({@link JitOff}), each in its own JVM, in one run:
 * {@code scripts/jmh OcrPipelineBenchmark}. Each answer is checked, so a broken pipeline fails.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public abstract class OcrPipelineBenchmark {
    private static final List<String> LINES = List.of("HELLO WORLD", "INFERGATE 2026", "Pipelines in Python");

    @Param({"ocr", "ocr_ensemble"})
    public String model;

    private InfergateServer server;
    private Vertx vertx;
    private WebClient client;
    private final TextImage image = TextImage.render(LINES.toArray(String[]::new));

    /** Python JIT-compiled: JVMCI with the Graal compiler jars the build copies (as scripts/serve). */
    @Fork(value = 1, jvmArgsAppend = {"-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
        "--upgrade-module-path=python-bridge/target/graal-compiler"})
    @Warmup(iterations = 8, time = 5)
    @Measurement(iterations = 5, time = 5)
    public static class JitOn extends OcrPipelineBenchmark {
    }

    /** Python interpreted (INFERGATE_PYTHON_JIT=off): each image takes seconds, so fewer, longer iterations. */
    @Fork(1)
    @Warmup(iterations = 1, time = 10)
    @Measurement(iterations = 2, time = 10)
    public static class JitOff extends OcrPipelineBenchmark {
    }

    @Setup
    public void start() {
        Path repository = Path.of(System.getProperty("infergate.project.root", ".")).resolve("examples/model_repository");
        List<String> args = new ArrayList<>(List.of("--model-repository=" + repository.toAbsolutePath(),
                "--http-port=0", "--grpc-port=0", "--metrics-port=0", "--http-address=127.0.0.1",
                "--grpc-address=127.0.0.1", "--model-control-mode=explicit"));
        OcrModels.ALL.forEach(name -> args.add("--load-model=" + name));
        server = await(InfergateServer.start(ServerOptions.fromArgs(args.toArray(String[]::new))), Duration.ofMinutes(5));
        vertx = Vertx.vertx();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.httpPort()));
    }

    @TearDown
    public void stop() {
        await(server.close());
        await(vertx.close());
    }

    @Benchmark
    public List<String> readImage() {
        HttpResponse<Buffer> response = await(client.post("/v2/models/" + model + "/infer")
                .putHeader("Inference-Header-Content-Length", Integer.toString(image.inferHeader().length()))
                .putHeader("Content-Type", "application/octet-stream")
                .sendBuffer(image.inferBody()), Duration.ofMinutes(5));
        if (response.statusCode() != 200) {
            throw new IllegalStateException(model + " answered " + response.statusCode() + ": " + response.bodyAsString());
        }
        JsonArray text = response.bodyAsJsonObject().getJsonArray("outputs").getJsonObject(0).getJsonArray("data");
        List<String> lines = text.stream().map(line -> ((String) line).strip().toUpperCase(java.util.Locale.ROOT)).toList();
        if (!lines.equals(LINES.stream().map(line -> line.toUpperCase(java.util.Locale.ROOT)).toList())) {
            throw new IllegalStateException(model + " read " + lines + ", expected " + LINES);
        }
        return lines;
    }
}
