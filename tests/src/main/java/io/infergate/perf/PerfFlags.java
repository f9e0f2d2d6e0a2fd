package io.infergate.perf;

import io.infergate.perf.PerfOptions.Baseline;
import io.infergate.perf.PerfOptions.InputData;
import io.infergate.perf.PerfOptions.LoadMode;
import io.infergate.perf.PerfOptions.Protocol;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Parses the command line into {@link PerfOptions}; every mistake is one {@link PerfException} line. */
public final class PerfFlags {
    public static final String USAGE = """
            usage: scripts/perf -m MODEL [options]
                   scripts/perf --compare A.csv [B.csv ...] --chart OUT.png
              -m MODEL                       model to load
              -x VERSION                     model version (default: the server's choice)
              -u HOST:PORT                   server on loopback (default localhost:8000, grpc :8001)
              -i http|grpc                   protocol (default http)
              --streaming                    requests over one gRPC bidirectional stream (ModelStreamInfer)
              --concurrency-range S[:E[:T]]  requests in flight, T = step or xFACTOR (default 1)
              --request-rate-range S[:E[:T]] requests per second, open loop
              -b N                           batch size (default 1)
              --shape NAME:D1,D2,...         shape of a variable input, without batch dimension
              --input-data random|zero|FILE  input values (default random)
              --sequence-length N            requests per sequence for sequence models
              -p, --measurement-interval MS  window length (default 5000)
              -s, --stability-percentage P   stable = last three windows within P% (default 10)
              -r, --max-trials N             windows per level before giving up on stability (default 10)
              --percentile P                 latency percentile for stability and charts (default: average)
              --binary-data on|off           HTTP binary tensor extension (default on)
              -f FILE.csv                    write perf_analyzer's CSV, one row per level
              --chart FILE.png|FILE.svg      draw latency against throughput
              --compare A.csv [B.csv ...]    more runs on the chart
              --baseline ort|echo            measure a baseline in the same run (repeatable)
              --model-repository DIR         where --baseline ort finds the model (default examples/model_repository)
            """;

    private String model;
    private String version = "";
    private String url;
    private Protocol protocol = Protocol.HTTP;
    private boolean streaming;
    private LoadMode mode = LoadMode.CONCURRENCY;
    private LoadRange range = new LoadRange(1, 1, 1, false);
    private int batchSize = 1;
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private InputData inputData = new InputData(InputData.Kind.RANDOM, null);
    private int sequenceLength;
    private long measurementMillis = 5000;
    private double stabilityPercent = 10;
    private int maxTrials = 10;
    private int percentile;
    private boolean binaryData = true;
    private Path csv;
    private Path chart;
    private final List<Path> compare = new ArrayList<>();
    private final Set<Baseline> baselines = EnumSet.noneOf(Baseline.class);
    private Path modelRepository = Path.of("examples/model_repository");
    private boolean rangeGiven;

    private PerfFlags() {
    }

    /** The options of these arguments; null when help was asked for. */
    public static PerfOptions parse(String... args) {
        return new PerfFlags().read(args);
    }

    private PerfOptions read(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--streaming" -> streaming = true;
                case "--compare" -> {
                    if (value != null) {
                        compare.add(Path.of(value));
                    }
                    while (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                        compare.add(Path.of(args[++i]));
                    }
                }
                default -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new PerfException(arg + " needs a value");
                        }
                        value = args[++i];
                    }
                    apply(arg, value);
                }
            }
        }
        return build();
    }

    private void apply(String flag, String value) {
        switch (flag) {
            case "-m", "--model-name" -> model = value;
            case "-x", "--model-version" -> version = value;
            case "-u", "--url" -> url = value;
            case "-i", "--protocol" -> protocol = choice(flag, value, Protocol.class);
            case "--concurrency-range" -> setRange(LoadMode.CONCURRENCY, LoadRange.parse(flag, value));
            case "--request-rate-range" -> setRange(LoadMode.REQUEST_RATE, LoadRange.parse(flag, value));
            case "-b", "--batch-size" -> batchSize = positive(flag, value);
            case "--shape" -> shape(value);
            case "--input-data" -> inputData = inputData(value);
            case "--sequence-length" -> sequenceLength = positive(flag, value);
            case "-p", "--measurement-interval" -> measurementMillis = positive(flag, value);
            case "-s", "--stability-percentage" -> stabilityPercent = positive(flag, value);
            case "-r", "--max-trials" -> maxTrials = Math.max(3, positive(flag, value));
            case "--percentile" -> percentile = percentile(value);
            case "--binary-data" -> binaryData = onOff(flag, value);
            case "-f", "--latency-report-file" -> csv = Path.of(value);
            case "--chart" -> chart = Path.of(value);
            case "--baseline" -> baselines.add(choice(flag, value, Baseline.class));
            case "--model-repository" -> modelRepository = Path.of(value);
            default -> throw new PerfException("unknown flag " + flag + " (see --help)");
        }
    }

    private PerfOptions build() {
        if (model == null) {
            if (compare.isEmpty() || chart == null) {
                throw new PerfException("-m MODEL is required (or --compare A.csv ... --chart OUT.png)");
            }
        }
        if (streaming && protocol != Protocol.GRPC) {
            throw new PerfException("--streaming needs -i grpc");
        }
        if (sequenceLength > 0 && mode != LoadMode.CONCURRENCY) {
            throw new PerfException("--sequence-length needs --concurrency-range");
        }
        if (baselines.contains(Baseline.ORT) && mode != LoadMode.CONCURRENCY) {
            throw new PerfException("--baseline ort needs --concurrency-range (its threads are the concurrency)");
        }
        if (mode == LoadMode.CONCURRENCY && range.start() != Math.rint(range.start())) {
            throw new PerfException("--concurrency-range wants whole numbers");
        }
        String hostPort = url != null ? url : protocol == Protocol.GRPC ? "localhost:8001" : "localhost:8000";
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new PerfException("-u wants HOST:PORT, got '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon);
        int port = positive("-u", hostPort.substring(colon + 1));
        requireLoopback(host);
        return new PerfOptions(model, version, host, port, protocol, streaming, mode, range, batchSize, shapes,
                inputData, sequenceLength, measurementMillis, stabilityPercent, maxTrials, percentile, binaryData,
                csv, chart, compare, baselines, modelRepository);
    }

    private void setRange(LoadMode newMode, LoadRange newRange) {
        if (rangeGiven && newMode != mode) {
            throw new PerfException("give --concurrency-range or --request-rate-range, not both");
        }
        rangeGiven = true;
        mode = newMode;
        range = newRange;
    }

    private void shape(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new PerfException("--shape wants NAME:D1,D2,..., got '" + value + "'");
        }
        String[] dims = value.substring(colon + 1).split(",");
        long[] shape = new long[dims.length];
        for (int d = 0; d < dims.length; d++) {
            shape[d] = positive("--shape " + value.substring(0, colon), dims[d]);
        }
        shapes.put(value.substring(0, colon), shape);
    }

    private static InputData inputData(String value) {
        return switch (value) {
            case "random" -> new InputData(InputData.Kind.RANDOM, null);
            case "zero" -> new InputData(InputData.Kind.ZERO, null);
            default -> {
                Path file = Path.of(value);
                if (!Files.isReadable(file)) {
                    throw new PerfException("--input-data: " + value + " is not random, zero or a readable file");
                }
                yield new InputData(InputData.Kind.FILE, file);
            }
        };
    }

    private static int percentile(String value) {
        int p = positive("--percentile", value);
        if (p > 99) {
            throw new PerfException("--percentile wants 1..99, got " + value);
        }
        return p;
    }

    private static boolean onOff(String flag, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new PerfException(flag + " wants on or off, got '" + value + "'");
        };
    }

    private static int positive(String flag, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the flag
        }
        throw new PerfException(flag + " wants a positive whole number, got '" + value + "'");
    }

    private static <E extends Enum<E>> E choice(String flag, String value, Class<E> type) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new PerfException(flag + ": unknown value '" + value + "'");
    }

    /** The tool generates load only against this machine, never at someone else's server. */
    private static void requireLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    throw new PerfException("-u " + host + " is not a loopback address; perf only loads this machine");
                }
            }
        } catch (UnknownHostException e) {
            throw new PerfException("-u: unknown host " + host);
        }
    }
}
