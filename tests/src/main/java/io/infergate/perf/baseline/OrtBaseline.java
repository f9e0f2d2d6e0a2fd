package io.infergate.perf.baseline;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.infergate.perf.PerfException;
import io.infergate.perf.client.InputFactory;
import io.infergate.perf.client.ModelInfo;
import io.infergate.perf.client.ServerStatsSource;
import io.infergate.perf.load.LevelResult;
import io.infergate.perf.load.LevelRunner;
import io.infergate.perf.load.Window;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The compute limit: the model file the server loads, run in this process by ONNX Runtime with
 * default session options, one thread per unit of concurrency, at the batch size that gives the
 * most inferences per second at that concurrency.
 */
public final class OrtBaseline implements AutoCloseable {
    public static final String NAME = "onnxruntime";

    private final OrtSession session;
    private final ModelInfo model;
    private final InputFactory inputs;

    private OrtBaseline(OrtSession session, ModelInfo model, InputFactory inputs) {
        this.session = session;
        this.model = model;
        this.inputs = inputs;
    }

    public static OrtBaseline open(Path repository, ModelInfo model, InputFactory inputs) {
        Path file = modelFile(repository, model);
        try {
            OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString(),
                    new OrtSession.SessionOptions());
            return new OrtBaseline(session, model, inputs);
        } catch (OrtException e) {
            throw new PerfException("ONNX Runtime cannot load " + file + ": " + e.getMessage());
        }
    }

    /** Tries each batch size for one window, then measures the best one fully. */
    public LevelResult measure(LevelRunner runner, int threads) {
        int best = 1;
        double bestRate = 0;
        List<Integer> candidates = batchCandidates(model.maxBatchSize());
        if (candidates.size() > 1) {
            for (int batch : candidates) {
                Window w = withLoad(threads, batch, load -> runner.measureOnce(NAME + " batch " + batch, threads,
                        load));
                double rate = w.requestsPerSecond() * batch;
                if (w.requests() == 0) {
                    break; // one run outlasted the window: larger batches only take longer
                }
                if (rate > bestRate) {
                    bestRate = rate;
                    best = batch;
                }
            }
        }
        return withLoad(threads, best, load -> runner.measure(NAME + " batch " + load.batchSize(), threads, load,
                ServerStatsSource.NONE));
    }

    private <T> T withLoad(int threads, int batch, Function<OrtLoad, T> body) {
        Map<String, OnnxTensor> tensors = OrtTensors.of(OrtEnvironment.getEnvironment(), inputs.inputs(batch));
        try {
            return body.apply(new OrtLoad(session, tensors, threads, batch));
        } finally {
            OrtTensors.close(tensors);
        }
    }

    /** 1, 2, 4, ... up to max_batch_size, and max_batch_size itself; just 1 for a model that does not batch. */
    static List<Integer> batchCandidates(int maxBatchSize) {
        List<Integer> candidates = new ArrayList<>();
        for (int b = 1; b <= Math.max(1, maxBatchSize); b *= 2) {
            candidates.add(b);
        }
        if (maxBatchSize > 0 && candidates.getLast() != maxBatchSize) {
            candidates.add(maxBatchSize);
        }
        return candidates;
    }

    private static Path modelFile(Path repository, ModelInfo model) {
        Path dir = repository.resolve(model.name());
        String version = model.version().isEmpty() ? highestVersion(dir) : model.version();
        Path file = dir.resolve(version).resolve("model.onnx");
        if (!Files.isRegularFile(file)) {
            throw new PerfException("--baseline ort: no " + file + " (give --model-repository, the server's one)");
        }
        return file;
    }

    private static String highestVersion(Path dir) {
        try (Stream<Path> versions = Files.list(dir)) {
            return versions.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+"))
                    .max((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b))).orElse("1");
        } catch (IOException e) {
            return "1";
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new PerfException("closing the ONNX Runtime session: " + e.getMessage());
        }
    }
}
