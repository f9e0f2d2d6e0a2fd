package io.infergate.perf;

import io.infergate.perf.PerfOptions.Baseline;
import io.infergate.perf.PerfOptions.LoadMode;
import io.infergate.perf.baseline.OrtBaseline;
import io.infergate.perf.client.InferClient;
import io.infergate.perf.client.InputFactory;
import io.infergate.perf.client.InputTensor;
import io.infergate.perf.client.ModelInfo;
import io.infergate.perf.client.SequenceStep;
import io.infergate.perf.client.ServerApi;
import io.infergate.perf.client.ServerStatsSource;
import io.infergate.perf.load.ConcurrencyLoad;
import io.infergate.perf.load.LevelRunner;
import io.infergate.perf.load.LoadGenerator;
import io.infergate.perf.load.Progress;
import io.infergate.perf.load.RateLoad;
import io.infergate.perf.load.Stability;
import io.infergate.perf.report.ConsoleReport;
import io.infergate.perf.report.LatencyChart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run of the tool: reads the model, checks one request, then measures each load level on the
 * server and right after it on each baseline, so drift on a noisy machine hits them alike.
 */
public final class PerfRun {
    private static final int RATE_MODE_CONNECTIONS = 256;
    private static final long PROBE_SECONDS = 60;

    private final PerfOptions options;
    private final PrintStream out;
    private final Progress progress;

    public PerfRun(PerfOptions options, PrintStream out, Progress progress) {
        this.options = options;
        this.out = out;
        this.progress = progress;
    }

    /** Runs the sweep, or only draws the --compare files. */
    public void run() {
        if (options.chartOnly()) {
            LatencyChart.write(options.chart(), "latency against throughput", Sweep.latencyLabel(options),
                    Sweep.compared(options));
            return;
        }
        Vertx vertx = Vertx.vertx();
        try {
            measure(vertx);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
    }

    private void measure(Vertx vertx) {
        ProtocolClients clients = new ProtocolClients(options, vertx, connections());
        ServerApi api = clients.api();
        ModelInfo model = api.modelInfo();
        InputFactory factory = new InputFactory(model, options.shapes(), options.inputData());
        List<InputTensor> inputs = factory.inputs(options.batchSize());
        InferClient server = clients.server(model, inputs);
        probe(server, "the server");

        String target = model.name() + " (" + options.protocol().name().toLowerCase(Locale.ROOT) + ")";
        Sweep sweep = new Sweep(options, new ConsoleReport(out, options.mode()), target,
                model.name() + ", " + options.protocol().name().toLowerCase(Locale.ROOT) + ", batch "
                        + options.batchSize());
        Thread onCtrlC = Thread.ofPlatform().unstarted(sweep::report);
        Runtime.getRuntime().addShutdownHook(onCtrlC);

        InferClient echo = null;
        if (options.baselines().contains(Baseline.ECHO)) {
            echo = clients.echo(model, inputs);
            probe(echo, "the echo baseline");
        }
        OrtBaseline ort = options.baselines().contains(Baseline.ORT)
                ? OrtBaseline.open(options.modelRepository(), model, factory) : null;
        LevelRunner runner = new LevelRunner(options.measurementMillis(), options.maxTrials(),
                new Stability(options.stabilityPercent(), options.percentile()), progress);
        try {
            for (double level : options.range().levels()) {
                sweep.add(target, runner.measure(target, level, load(vertx, server, level), api));
                if (echo != null) {
                    sweep.add("echo", runner.measure("echo", level, load(vertx, echo, level),
                            ServerStatsSource.NONE));
                }
                if (ort != null) {
                    sweep.add(OrtBaseline.NAME, ort.measure(runner, (int) level));
                }
            }
            sweep.report();
        } finally {
            if (ort != null) {
                ort.close();
            }
            Runtime.getRuntime().removeShutdownHook(onCtrlC);
        }
    }

    private LoadGenerator load(Vertx vertx, InferClient client, double level) {
        return options.mode() == LoadMode.CONCURRENCY
                ? new ConcurrencyLoad(client, (int) level, options.batchSize(), options.sequenceLength())
                : new RateLoad(vertx, client, level, options.batchSize(), RATE_MODE_CONNECTIONS);
    }

    /** One request before any load, so a shape the server refuses is one line, not a failed sweep. */
    private void probe(InferClient client, String what) {
        SequenceStep step = options.sequenceLength() > 0 ? new SequenceStep(1, true, true) : SequenceStep.NONE;
        await(client.infer(step), what);
    }

    static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(PROBE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new PerfException(what + " refused a request: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new PerfException(what + " did not answer a request within " + PROBE_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PerfException("interrupted");
        }
    }

    private int connections() {
        return options.mode() == LoadMode.CONCURRENCY ? (int) Math.ceil(options.range().end())
                : RATE_MODE_CONNECTIONS;
    }
}
