package io.infergate.gateway.config;

import io.infergate.engine.EngineOptions;
import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.engine.RateLimitOptions;
import io.infergate.engine.repository.spi.LocalModelRepository;
import io.infergate.engine.repository.spi.ModelRepository;
import io.infergate.gateway.s3.S3Access;
import io.infergate.gateway.s3.S3Location;
import io.infergate.gateway.s3.S3ModelRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The server's resolved configuration.
 *
 * @param modelRepositories  repository folders and {@code s3://} locations
 * @param controlMode        none, explicit or poll
 * @param repositoryPollSecs seconds between repository scans in poll mode
 * @param startupModels      --load-model values ("*" = all)
 * @param httpPort           HTTP/REST port (0 = any free port)
 * @param grpcPort           gRPC port (0 = any free port)
 * @param metricsPort        metrics port (0 = any free port)
 * @param allowHttp          serve HTTP/REST
 * @param allowMetrics       serve /metrics
 * @param autoCompleteConfig complete model configs from model files
 * @param exitOnError        fail start-up when a model is unavailable
 * @param strictReadiness    readiness requires every model ready
 * @param httpMaxInputSize   largest HTTP request body in bytes
 * @param serverName         name reported in server metadata
 * @param allowClientShm     clients may register system shared-memory regions and use them in requests
 * @param httpAddress        address the HTTP and metrics services bind to
 * @param metrics            what /metrics exposes beyond Triton's counters
 * @param grpc               the gRPC service's other settings
 * @param cluster            whether and how this node joins a cluster
 * @param security           TLS of the services and the API categories that need a header
 * @param log                what the server logs, where, and where clients may move the log
 * @param cache              the response cache ({@code --cache-config})
 * @param rateLimit          the rate limiter ({@code --rate-limit}, {@code --rate-limit-resource})
 * @param trace              the trace settings at start-up and where clients may put a trace file
 * @param s3Access           the credentials and region of {@code s3://} repositories (the AWS
 *                           environment variables)
 */
public record ServerOptions(List<String> modelRepositories, ModelControlMode controlMode, int repositoryPollSecs,
        List<String> startupModels, int httpPort, int grpcPort, int metricsPort, boolean allowHttp, boolean allowMetrics,
        boolean autoCompleteConfig, boolean exitOnError, boolean strictReadiness,
        long httpMaxInputSize, String serverName, boolean allowClientShm, String httpAddress, MetricsOptions metrics,
        GrpcOptions grpc, ClusterOptions cluster, SecurityOptions security,
        LogOptions log, CacheOptions cache, RateLimitOptions rateLimit, TraceOptions trace, S3Access s3Access) {

    public ServerOptions {
        modelRepositories = List.copyOf(modelRepositories);
        startupModels = List.copyOf(startupModels);
    }

    /**
     * Resolves layers given lowest first (YAML, environment, command line) over the built-in
     * defaults: for each setting the highest layer that has it wins, lists included.
     *
     * @throws ConfigException for a bad value or a combination the server cannot start with
     */
    @SafeVarargs
    public static ServerOptions resolve(Map<Setting, RawValue>... layers) {
        Map<Setting, RawValue> merged = SettingValues.defaults();
        for (Map<Setting, RawValue> layer : layers) {
            merged.putAll(layer);
        }
        SettingValues values = new SettingValues(merged);
        CacheOptions cache = CacheOptions.parse(values.list(Setting.CACHE_CONFIG));
        ServerOptions options = new ServerOptions(
                values.list(Setting.MODEL_REPOSITORY),
                values.controlMode(Setting.MODEL_CONTROL_MODE),
                values.nonNegativeInt(Setting.REPOSITORY_POLL_SECS),
                values.list(Setting.LOAD_MODEL),
                values.port(Setting.HTTP_PORT),
                values.port(Setting.GRPC_PORT),
                values.port(Setting.METRICS_PORT),
                values.bool(Setting.ALLOW_HTTP),
                values.bool(Setting.ALLOW_METRICS),
                !values.bool(Setting.STRICT_MODEL_CONFIG) && !values.bool(Setting.DISABLE_AUTO_COMPLETE_CONFIG),
                values.bool(Setting.EXIT_ON_ERROR),
                values.bool(Setting.STRICT_READINESS),
                values.size(Setting.HTTP_MAX_INPUT_SIZE),
                values.text(Setting.SERVER_NAME),
                values.bool(Setting.ALLOW_CLIENT_SHM),
                values.text(Setting.HTTP_ADDRESS),
                MetricsOptions.parse(values.list(Setting.METRICS_CONFIG), values.nonNegativeInt(Setting.METRICS_INTERVAL_MS))
                        .withCacheFamilies(cache.enabled()),
                GrpcOptions.from(values),
                ClusterOptions.from(values),
                SecurityOptions.from(values),
                LogOptions.from(values),
                cache,
                RateLimitFlags.parse(values.text(Setting.RATE_LIMIT), values.list(Setting.RATE_LIMIT_RESOURCE)),
                TraceOptions.from(values),
                // the environment's AWS variables come with the loader (withS3Access); the SDK's chain until then
                S3Access.fromEnvironment(Map.of()));
        options.checkCombination();
        return options;
    }

    /**
     * Options from command-line flags alone over the built-in defaults (no YAML, no environment):
     * for tests and applications that start a server in-process.
     */
    public static ServerOptions fromArgs(String... args) {
        return resolve(CommandLine.parse(List.of(args)).values());
    }

    /** These options with S3 repositories read with this access. */
    public ServerOptions withS3Access(S3Access access) {
        return new ServerOptions(modelRepositories, controlMode, repositoryPollSecs, startupModels, httpPort, grpcPort,
                metricsPort, allowHttp, allowMetrics, autoCompleteConfig, exitOnError, strictReadiness, httpMaxInputSize,
                serverName, allowClientShm, httpAddress, metrics, grpc, cluster, security, log, cache, rateLimit, trace,
                access);
    }

    /**
     * What the engine needs of this configuration. An S3 repository's client is made when the
     * engine first lists it, and its local copies go to a private folder in the temporary folder.
     */
    public EngineOptions toEngineOptions() {
        Path cacheParent = Path.of(System.getProperty("java.io.tmpdir"));
        List<ModelRepository> repositories = modelRepositories.stream().<ModelRepository>map(location ->
                S3Location.isS3(location) ? new S3ModelRepository(S3Location.parse(location), s3Access, cacheParent)
                        : new LocalModelRepository(Path.of(location))).toList();
        return new EngineOptions(repositories, controlMode, startupModels, autoCompleteConfig, strictReadiness,
                controlMode == ModelControlMode.POLL ? Duration.ofSeconds(repositoryPollSecs)
                        : EngineOptions.DEFAULT_POLL_INTERVAL,
                cache.sizeBytes(), rateLimit);
    }

    private void checkCombination() {
        boolean modelsExpected = cluster.role().loadsModels()
                && (controlMode != ModelControlMode.EXPLICIT || !startupModels.isEmpty());
        if (modelsExpected && modelRepositories.isEmpty()) {
            throw new ConfigException("no model repository: give --model-repository, the model-repository key"
                    + " or INFERGATE_MODEL_REPOSITORY");
        }
        for (String location : modelRepositories) {
            if (S3Location.isS3(location)) {
                try {
                    S3Location.parse(location);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("--model-repository " + e.getMessage());
                }
            }
        }
        if (!startupModels.isEmpty() && controlMode != ModelControlMode.EXPLICIT) {
            // Triton refuses it too: in the other modes every model loads, and a silent no-op misleads
            throw new ConfigException("use of '--load-model' requires setting '--model-control-mode=explicit' as well");
        }
        if (controlMode == ModelControlMode.POLL && repositoryPollSecs == 0) {
            throw new ConfigException("--repository-poll-secs must be greater than 0 in poll mode");
        }
        if (allowHttp && allowMetrics && httpPort != 0 && httpPort == metricsPort) {
            throw new ConfigException("--http-port and --metrics-port are both " + httpPort);
        }
        if (grpc.allow() && grpcPort != 0 && ((allowHttp && grpcPort == httpPort)
                || (allowMetrics && grpcPort == metricsPort))) {
            throw new ConfigException("--grpc-port " + grpcPort + " is also the HTTP or metrics port");
        }
    }
}
