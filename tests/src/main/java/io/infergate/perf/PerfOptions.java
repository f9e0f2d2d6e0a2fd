package io.infergate.perf;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one run of the tool measures and where it writes. Flags and defaults follow perf_analyzer;
 * see {@link PerfFlags} and docs/perf.md.
 *
 * @param model               model name; null when only charting earlier CSV files
 * @param version             model version, "" for the server's choice
 * @param host                server host, loopback only
 * @param port                server port
 * @param protocol            http or grpc
 * @param streaming           gRPC bidirectional stream instead of unary calls
 * @param mode                closed loop (concurrency) or open loop (request rate)
 * @param range               the load levels
 * @param batchSize           inferences per request
 * @param shapes              --shape values for inputs with variable dimensions (without batch)
 * @param inputData           random, zero or a perf_analyzer JSON file
 * @param sequenceLength      requests per sequence for sequence models, 0 = not a sequence model
 * @param measurementMillis   length of one measurement window
 * @param stabilityPercent    windows are stable when within this percentage of their mean
 * @param maxTrials           windows tried per load level before reporting it unstable
 * @param percentile          latency percentile used for stability and charts, 0 = average
 * @param binaryData          HTTP tensors in the binary extension instead of JSON
 * @param csv                 -f results file, or null
 * @param chart               --chart PNG or SVG file, or null
 * @param compare             earlier CSV files drawn on the chart
 * @param baselines           baselines measured in the same run
 * @param modelRepository     where the ONNX Runtime baseline finds the model file
 */
public record PerfOptions(String model, String version, String host, int port, Protocol protocol, boolean streaming,
        LoadMode mode, LoadRange range, int batchSize, Map<String, long[]> shapes, InputData inputData,
        int sequenceLength, long measurementMillis, double stabilityPercent, int maxTrials, int percentile,
        boolean binaryData, Path csv, Path chart, List<Path> compare, Set<Baseline> baselines, Path modelRepository) {

    public enum Protocol { HTTP, GRPC }

    public enum Baseline { ORT, ECHO }

    /** Closed loop keeps N requests in flight; open loop sends at a rate whatever the answers. */
    public enum LoadMode {
        CONCURRENCY("Concurrency"), REQUEST_RATE("Request Rate");

        private final String column;

        LoadMode(String column) {
            this.column = column;
        }

        /** The first CSV column, as perf_analyzer names it. */
        public String column() {
            return column;
        }
    }

    /** Input values: generated (random, zero) or the first entry of a perf_analyzer JSON file. */
    public record InputData(Kind kind, Path file) {
        public enum Kind { RANDOM, ZERO, FILE }
    }

    public PerfOptions {
        shapes = Map.copyOf(shapes);
        compare = List.copyOf(compare);
        baselines = Set.copyOf(baselines);
    }

    /** True when the run only draws earlier CSV files. */
    public boolean chartOnly() {
        return model == null;
    }
}
