package io.infergate.jmh;

import static io.infergate.testsupport.Await.await;

import io.infergate.engine.api.ModelStatistics;
import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.server.InfergateServer;
import io.infergate.gateway.server.UnavailableModelsException;
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
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * OCR latency per image over HTTP at concurrency 1: the Python BLS model {@code ocr} and the
 * {@code ocr_ensemble} pipeline on the real PP-OCRv4 models (scripts/fetch-models), with GraalPy
 * JIT-compiled ({@link JitOn}) and interpreted ({@link JitOff}), each in its own JVM, in one run:
 * {@code scripts/jmh OcrPipelineBenchmark}, from the repository root with INFERGATE_PYTHON_ENV naming the
 * numpy environment (as scripts/python-env prints it). Each answer is checked, so a broken
 * pipeline fails.
 *
 * <p>After each iteration, and for all measured iterations at the end of a fork, it prints the
 * time per image against the ONNX Runtime compute it caused (compute_infer of ppocr_det and
 * ppocr_rec in the server's own statistics, over the same images): on a busy machine both grow, so
 * their ratio says more about the Python and server overhead than either time alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public abstract class OcrPipelineBenchmark {
    // 960 x 544 pixels: ppocr_det sees the same 960 x 544 input as for a 960 x 540 image.
    // Lines of similar widths: PP-OCRv4's recognizer drops the spaces of a short line padded to a
    // much wider one's width (see docs/python-models.md, the ocr example).
    private static final List<String> LINES = List.of("Hello world from Infergate 2026",
            "Pipelines in Python on GraalPy", "NUMPY ON GRAALPY IN THE JVM", "Python models drop in unchanged",
            "OCR on ONNX Runtime through BLS");
    private static final List<String> ONNX_MODELS = List.of("ppocr_det", "ppocr_rec");

    @Param({"ocr", "ocr_ensemble"})
    public String model;

    private InfergateServer server;
    private Vertx vertx;
    private WebClient client;
    private final TextImage image = TextImage.render(LINES.toArray(String[]::new));
    // This iteration's images so far, with their time and the ONNX compute counters at its start.
    private Images iteration;
    private Images measured = Images.NONE;

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
        try {
            server = await(InfergateServer.start(ServerOptions.fromArgs(args.toArray(String[]::new))),
                    Duration.ofMinutes(5));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof UnavailableModelsException unavailable) {
                throw new IllegalStateException(unavailable.getMessage() + ": " + unavailable.models().stream()
                        .filter(entry -> !entry.reason().isEmpty()).map(entry -> entry.name() + ": " + entry.reason())
                        .toList(), unavailable);
            }
            throw e;
        }
        vertx = Vertx.vertx();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.httpPort()));
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        iteration = new Images(0, 0, onnxComputeNanos());
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams params) {
        Images images = new Images(iteration.count, iteration.nanos, onnxComputeNanos() - iteration.onnxNanos);
        System.out.println(model + " " + params.getType().toString().toLowerCase(Locale.ROOT) + " iteration: "
                + images);
        if (params.getType() == IterationType.MEASUREMENT) {
            measured = measured.plus(images);
        }
    }

    /** compute_infer of ppocr_det and ppocr_rec so far, in nanoseconds. */
    private long onnxComputeNanos() {
        long nanos = 0;
        for (String onnx : ONNX_MODELS) {
            for (ModelStatistics statistics : server.models().statistics(onnx, "")) {
                nanos += statistics.inference().computeInfer().ns();
            }
        }
        return nanos;
    }

    @TearDown
    public void stop() {
        System.out.println(model + " all measured iterations: " + measured);
        await(server.close());
        await(vertx.close());
    }

    @Benchmark
    public List<String> readImage() {
        long start = System.nanoTime();
        HttpResponse<Buffer> response = await(client.post("/v2/models/" + model + "/infer")
                .putHeader("Inference-Header-Content-Length", Integer.toString(image.inferHeader().length()))
                .putHeader("Content-Type", "application/octet-stream")
                .sendBuffer(image.inferBody()), Duration.ofMinutes(5));
        if (response.statusCode() != 200) {
            throw new IllegalStateException(model + " answered " + response.statusCode() + ": " + response.bodyAsString());
        }
        JsonArray text = response.bodyAsJsonObject().getJsonArray("outputs").getJsonObject(0).getJsonArray("data");
        List<String> lines = text.stream().map(line -> ((String) line).strip().toUpperCase(Locale.ROOT)).toList();
        if (!lines.equals(LINES.stream().map(line -> line.toUpperCase(Locale.ROOT)).toList())) {
            throw new IllegalStateException(model + " read " + lines + ", expected " + LINES);
        }
        iteration = new Images(iteration.count + 1, iteration.nanos + System.nanoTime() - start, iteration.onnxNanos);
        return lines;
    }

    /**
     * Images read, their time over HTTP and the ONNX compute (ppocr_det + ppocr_rec compute_infer)
     * they caused, in nanoseconds.
     */
    private record Images(long count, long nanos, long onnxNanos) {
        static final Images NONE = new Images(0, 0, 0);

        Images plus(Images other) {
            return new Images(count + other.count, nanos + other.nanos, onnxNanos + other.onnxNanos);
        }

        @Override
        public String toString() {
            return count == 0 ? "no images" : String.format(Locale.ROOT,
                    "%d images, %.1f ms per image, ONNX det + rec compute %.1f ms per image, ratio %.3f",
                    count, nanos / 1e6 / count, onnxNanos / 1e6 / count, (double) nanos / onnxNanos);
        }
    }
}
