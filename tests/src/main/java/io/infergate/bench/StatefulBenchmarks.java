package io.infergate.bench;

import static io.infergate.testsupport.Await.await;

import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.server.InfergateServer;
import io.infergate.perf.load.LevelResult;
import io.infergate.testkit.audio.SileroDirect;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The benchmarks of docs/benchmarks.md "Stateful models and ensembles", against a server started
 * in this process (loopback, port 0). Arguments pick parts: {@code ensemble}, {@code sequence},
 * {@code vad} (default: all). Every comparison runs in rounds, target and baseline alternating,
 * so both see the same machine; the figures to read are the ratios. Run from the repository root
 * after scripts/fetch-models (Silero VAD, and {@code simple} of examples/model_repository).
 */
public final class StatefulBenchmarks {
    private static final int ROUNDS = 3;
    private static final int PAIRS = 25;
    private static final int STREAMS = 64;

    private StatefulBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Set<String> parts = args.length == 0 ? Set.of("ensemble", "sequence", "vad") : Set.of(args);
        Path examples = examples();
        Path bench = BenchRepository.write();
        InfergateServer server = await(InfergateServer.start(ServerOptions.fromArgs(new String[] {
            "--model-repository=" + examples, "--model-repository=" + bench, "--model-control-mode=explicit",
            "--load-model=simple", "--load-model=silero_vad", "--load-model=" + BenchRepository.SEQUENCE_DIRECT,
            "--load-model=" + BenchRepository.SEQUENCE_OLDEST, "--load-model=" + BenchRepository.ENSEMBLE,
            "--http-port=0", "--grpc-port=0", "--metrics-port=0", "--http-address=127.0.0.1",
            "--grpc-address=127.0.0.1", "--exit-on-error=false"})));
        Vertx clientVertx = Vertx.vertx();
        GrpcClient grpc = GrpcClient.client(clientVertx);
        SocketAddress address = SocketAddress.inetSocketAddress(server.grpcPort(), "127.0.0.1");
        try {
            GrpcThroughput load = new GrpcThroughput(grpc, address);
            if (parts.contains("ensemble")) {
                for (int concurrency : List.of(1, 16)) {
                    pairs("ensemble overhead, concurrency " + concurrency, load, BenchRepository.ENSEMBLE, "simple",
                            concurrency);
                }
            }
            if (parts.contains("sequence")) {
                // a cold server answers its first sequence requests late enough to expire them: warm up first
                load.window("simple", STREAMS);
                compare("sequence batching, 64 sequences of 16 requests", load, BenchRepository.SEQUENCE_OLDEST,
                        BenchRepository.SEQUENCE_DIRECT, STREAMS, 16);
            }
            if (parts.contains("vad")) {
                vad(grpc, address);
            }
        } finally {
            await(grpc.close());
            await(clientVertx.close());
            await(server.close());
        }
    }

    /**
     * One-second windows of target and baseline in turn (ABBA order, so a drifting machine load
     * favours neither), after a warm-up window each; the median of the pairs' throughput ratios,
     * and the ratios of the medians of p50 latency and of CPU time per request.
     */
    private static void pairs(String title, GrpcThroughput load, String target, String baseline, int concurrency) {
        System.out.println("## " + title + ": " + target + " vs " + baseline + ", " + PAIRS + " pairs of 1 s windows");
        load.window(target, concurrency);
        load.window(baseline, concurrency);
        List<Double> ratios = new ArrayList<>();
        List<Double> targetRates = new ArrayList<>();
        List<Double> baselineRates = new ArrayList<>();
        List<Double> targetP50 = new ArrayList<>();
        List<Double> baselineP50 = new ArrayList<>();
        List<Double> targetCpu = new ArrayList<>();
        List<Double> baselineCpu = new ArrayList<>();
        for (int pair = 0; pair < PAIRS; pair++) {
            boolean targetFirst = pair % 2 == 0;
            GrpcThroughput.Measured first = load.window(targetFirst ? target : baseline, concurrency);
            GrpcThroughput.Measured second = load.window(targetFirst ? baseline : target, concurrency);
            GrpcThroughput.Measured a = targetFirst ? first : second;
            GrpcThroughput.Measured b = targetFirst ? second : first;
            ratios.add(a.window().requestsPerSecond() / b.window().requestsPerSecond());
            targetRates.add(a.window().requestsPerSecond());
            baselineRates.add(b.window().requestsPerSecond());
            targetP50.add(a.window().latencyMicros(50));
            baselineP50.add(b.window().latencyMicros(50));
            targetCpu.add(a.cpuMicrosPerRequest());
            baselineCpu.add(b.cpuMicrosPerRequest());
        }
        System.out.println(String.format(Locale.ROOT,
                "median: %s %.0f infer/s (p50 %.0f us, CPU %.0f us/request) | %s %.0f infer/s (p50 %.0f us, CPU %.0f"
                        + " us/request) | throughput ratio %.3f (pairs from %.3f to %.3f), p50 ratio %.3f, CPU ratio %.3f",
                target, median(targetRates), median(targetP50), median(targetCpu), baseline, median(baselineRates),
                median(baselineP50), median(baselineCpu), median(ratios), Collections.min(ratios),
                Collections.max(ratios), median(targetP50) / median(baselineP50),
                median(targetCpu) / median(baselineCpu)));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * Rounds of target then baseline, each a level measured to stability, after one unreported
     * level of each; each row with its throughput ratio. Between levels the sequences cut off by
     * the end of a level expire.
     */
    private static void compare(String title, GrpcThroughput load, String target, String baseline, int concurrency,
            int sequenceLength) throws InterruptedException {
        System.out.println("## " + title + ": " + target + " vs " + baseline);
        load.measure(target, concurrency, sequenceLength);
        Thread.sleep(BenchRepository.IDLE_MILLIS * 2);
        load.measure(baseline, concurrency, sequenceLength);
        Thread.sleep(BenchRepository.IDLE_MILLIS * 2);
        for (int round = 1; round <= ROUNDS; round++) {
            LevelResult a = load.measure(target, concurrency, sequenceLength);
            Thread.sleep(BenchRepository.IDLE_MILLIS * 2);
            LevelResult b = load.measure(baseline, concurrency, sequenceLength);
            Thread.sleep(BenchRepository.IDLE_MILLIS * 2);
            System.out.println(String.format(Locale.ROOT,
                    "round %d: %s %.0f infer/s (p50 %.0f us)%s | %s %.0f infer/s (p50 %.0f us)%s | ratio %.3f", round,
                    target, a.inferPerSecond(), a.latency(50), a.stable() ? "" : " unstable", baseline,
                    b.inferPerSecond(), b.latency(50), b.stable() ? "" : " unstable",
                    a.inferPerSecond() / b.inferPerSecond()));
        }
    }

    private static void vad(GrpcClient grpc, SocketAddress address) throws Exception {
        System.out.println("## Silero VAD, " + STREAMS + " concurrent streams of 10 s: server vs ONNX Runtime in-process");
        VadThroughput streams = new VadThroughput(STREAMS, 10);
        try (SileroDirect direct = new SileroDirect(examples().resolve("silero_vad/1/model.onnx"))) {
            // warm-up of both paths, not reported
            streams.throughServer(grpc, address, 1_000_000);
            streams.direct(direct, 2);
            for (int round = 1; round <= ROUNDS; round++) {
                double server = streams.throughServer(grpc, address, 2_000_000 + round * 1000L);
                double raw = streams.direct(direct, 2);
                System.out.println(String.format(Locale.ROOT,
                        "round %d: server %.0f chunks/s | ONNX Runtime, 2 threads %.0f chunks/s | ratio %.3f", round,
                        server, raw, server / raw));
            }
        }
    }

    private static Path examples() {
        return Path.of("examples/model_repository").toAbsolutePath();
    }
}
