package io.infergate.bench;

import io.infergate.perf.PerfOptions.InputData;
import io.infergate.perf.client.GrpcInferClient;
import io.infergate.perf.client.GrpcServerApi;
import io.infergate.perf.client.InputFactory;
import io.infergate.perf.client.InputTensor;
import io.infergate.perf.client.ModelInfo;
import io.infergate.perf.client.ServerStatsSource;
import io.infergate.perf.load.ConcurrencyLoad;
import io.infergate.perf.load.LevelResult;
import io.infergate.perf.load.LevelRunner;
import io.infergate.perf.load.Progress;
import io.infergate.perf.load.Stability;
import io.infergate.perf.load.Window;
import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Closed-loop unary gRPC load on one model with the load tool's parts (scripts/perf -i grpc):
 * a level measured until three windows agree within 10 % (at most six), or a single short window.
 */
final class GrpcThroughput {
    private static final long WINDOW_MILLIS = 2000;
    private static final long SHORT_WINDOW_MILLIS = 1000;
    private static final int MAX_WINDOWS = 6;
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final GrpcClient grpc;
    private final SocketAddress server;
    private final LevelRunner runner = new LevelRunner(WINDOW_MILLIS, MAX_WINDOWS, new Stability(10, 0),
            new Progress(System.err, false));
    private final LevelRunner shortRunner = new LevelRunner(SHORT_WINDOW_MILLIS, 1, new Stability(10, 0),
            new Progress(System.err, false));
    private final Map<String, GrpcInferClient> clients = new HashMap<>();

    GrpcThroughput(GrpcClient grpc, SocketAddress server) {
        this.grpc = grpc;
        this.server = server;
    }

    /**
     * @param sequenceLength for sequence models, the requests per sequence each worker sends; 0 otherwise
     */
    LevelResult measure(String model, int concurrency, int sequenceLength) {
        return runner.measure(model, concurrency, new ConcurrencyLoad(client(model), concurrency, 1, sequenceLength),
                ServerStatsSource.NONE);
    }

    /**
     * A window and the CPU time this process spent in it: server and client together, the same
     * for every target, so CPU per request compares targets even on a machine shared with other
     * work, where wall-clock throughput swings with the neighbours.
     */
    record Measured(Window window, long cpuNanos) {
        double cpuMicrosPerRequest() {
            return cpuNanos / 1000.0 / Math.max(1, window.requests());
        }
    }

    /** One short window of load on a model that is not a sequence model. */
    Measured window(String model, int concurrency) {
        long before = PROCESS.getProcessCpuTime();
        Window window = shortRunner.measureOnce(model, concurrency,
                new ConcurrencyLoad(client(model), concurrency, 1, 0));
        return new Measured(window, PROCESS.getProcessCpuTime() - before);
    }

    private GrpcInferClient client(String model) {
        return clients.computeIfAbsent(model, name -> {
            ModelInfo info = new GrpcServerApi(grpc, server, name, "").modelInfo();
            List<InputTensor> inputs = new InputFactory(info, Map.of(), new InputData(InputData.Kind.RANDOM, null))
                    .inputs(1);
            return new GrpcInferClient(grpc, server, GrpcInferClient.request(name, "", inputs));
        });
    }
}
