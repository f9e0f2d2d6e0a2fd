package io.infergate.gateway.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every configurable setting. One name serves all layers: the flag is {@code --name}, the YAML key
 * is {@code name}, the environment variable is {@code INFERGATE_NAME} (upper case, '-' as '_').
 */
public enum Setting {
    MODEL_REPOSITORY("model-repository", Kind.LIST, List.of(),
            "Model repository folder, or s3://bucket/path, s3://host:port/bucket/path (an S3-compatible store;"
                    + " s3://https://host:port/... for TLS) with the AWS_* credentials (alias --model-store);"
                    + " repeat the flag for several. Env: comma-separated."),
    MODEL_CONTROL_MODE("model-control-mode", Kind.CONTROL_MODE, "none",
            "none: load every model at start-up; explicit: load --load-model models, then the repository API"
                    + " loads and unloads; poll: load every model at start-up, then apply the repository's changes"
                    + " every --repository-poll-secs."),
    REPOSITORY_POLL_SECS("repository-poll-secs", Kind.SECONDS, 15,
            "In poll mode, seconds between scans of the model repositories for added, removed and changed"
                    + " models; must be > 0 in poll mode, ignored in the other modes."),
    LOAD_MODEL("load-model", Kind.LIST, List.of(),
            "Model to load at start-up in explicit mode; repeat for several, '*' loads all."),
    HTTP_PORT("http-port", Kind.PORT, 8000, "Port of the HTTP/REST (KServe v2) service; 0 picks a free port."),
    GRPC_PORT("grpc-port", Kind.PORT, 8001, "Port of the gRPC service (inference.GRPCInferenceService); 0 picks a free port."),
    METRICS_PORT("metrics-port", Kind.PORT, 8002, "Port of the Prometheus /metrics endpoint; 0 picks a free port."),
    ALLOW_HTTP("allow-http", Kind.BOOLEAN, true, "Serve HTTP/REST."),
    ALLOW_METRICS("allow-metrics", Kind.BOOLEAN, true, "Serve Prometheus metrics."),
    ALLOW_GRPC("allow-grpc", Kind.BOOLEAN, true, "Serve gRPC."),
    GRPC_ADDRESS("grpc-address", Kind.STRING, "0.0.0.0", "Address the gRPC service binds to."),
    GRPC_MAX_MESSAGE_SIZE("grpc-max-message-size", Kind.SIZE, 268435456L,
            "Largest gRPC message received or sent, in bytes (received: also after gzip inflation);"
                    + " larger ones are refused with RESOURCE_EXHAUSTED."),
    GRPC_STREAM_QUEUE_SIZE("grpc-stream-queue-size", Kind.POSITIVE_INT, 128,
            "Most requests in flight plus responses waiting to be sent on one ModelStreamInfer stream; at the"
                    + " limit the server stops reading the stream, beyond it (a decoupled model outrunning a"
                    + " client that does not read) the stream ends with RESOURCE_EXHAUSTED."),
    GRPC_KEEPALIVE_TIME("grpc-keepalive-time", Kind.MILLIS, 7200000,
            "Milliseconds between HTTP/2 keepalive pings the server sends on an idle gRPC connection; 0 sends none."),
    GRPC_KEEPALIVE_TIMEOUT("grpc-keepalive-timeout", Kind.MILLIS, 20000,
            "Milliseconds the server waits for a keepalive ping's acknowledgement before closing the connection."),
    GRPC_USE_SSL("grpc-use-ssl", Kind.BOOLEAN, false,
            "Serve gRPC over TLS with --grpc-server-cert and --grpc-server-key (tritonserver's flag)."),
    GRPC_USE_SSL_MUTUAL("grpc-use-ssl-mutual", Kind.BOOLEAN, false,
            "Serve gRPC over mutual TLS: as --grpc-use-ssl, and every client must present a certificate signed by"
                    + " --grpc-root-cert."),
    GRPC_SERVER_CERT("grpc-server-cert", Kind.STRING, "-", "PEM file of the gRPC server's certificate chain; '-' for none."),
    GRPC_SERVER_KEY("grpc-server-key", Kind.STRING, "-", "PEM file of the gRPC server's private key; '-' for none."),
    GRPC_ROOT_CERT("grpc-root-cert", Kind.STRING, "-",
            "PEM file of the certificate authorities that sign client certificates (mutual TLS); '-' for none."),
    HTTP_SSL_CERT("http-ssl-cert", Kind.STRING, "-",
            "PEM file of the HTTP (and metrics) server's certificate chain: serves HTTPS (HTTP/1.1 and HTTP/2 by"
                    + " ALPN) on both ports; '-' for plain HTTP."),
    HTTP_SSL_KEY("http-ssl-key", Kind.STRING, "-", "PEM file of the HTTP server's private key; '-' for none."),
    HTTP_SSL_ROOT_CERT("http-ssl-root-cert", Kind.STRING, "-",
            "PEM file of the certificate authorities that sign HTTP client certificates (mutual TLS); '-' for none."),
    HTTP_SSL_MUTUAL("http-ssl-mutual", Kind.BOOLEAN, false,
            "Require an HTTP (and metrics) client certificate signed by --http-ssl-root-cert."),
    SSL_RELOAD_INTERVAL_MS("ssl-reload-interval-ms", Kind.NON_NEGATIVE_INT, 10000,
            "How often the TLS certificate, key and root files are checked for changes, in milliseconds; a changed"
                    + " file is loaded without a restart (new connections use it). 0 never reloads."),
    HTTP_RESTRICTED_API("http-restricted-api", Kind.LIST, List.of(),
            "API[,API...]:KEY=VALUE (tritonserver's flag, repeatable): HTTP requests to these categories (health,"
                    + " metadata, inference, shared-memory, model-config, model-repository, statistics, trace, logging)"
                    + " need the header KEY: VALUE, else 403."),
    GRPC_RESTRICTED_PROTOCOL("grpc-restricted-protocol", Kind.LIST, List.of(),
            "API[,API...]:KEY=VALUE (tritonserver's flag, repeatable): gRPC calls of these categories need the"
                    + " metadata triton-grpc-protocol-KEY: VALUE, else UNAVAILABLE."),
    ALLOW_CLIENT_SHM("allow-client-shm", Kind.BOOLEAN, false,
            "Let clients register system shared-memory regions (/dev/shm objects) and name them in requests,"
                    + " as tritonserver's flag; off, registering answers an error naming this flag."),
    STRICT_MODEL_CONFIG("strict-model-config", Kind.BOOLEAN, false,
            "Require a complete config.pbtxt; true disables auto-completion from the model file."),
    DISABLE_AUTO_COMPLETE_CONFIG("disable-auto-complete-config", Kind.BOOLEAN, false,
            "Do not complete model configurations from the model files."),
    EXIT_ON_ERROR("exit-on-error", Kind.BOOLEAN, true, "Exit at start-up when any model fails to load."),
    STRICT_READINESS("strict-readiness", Kind.BOOLEAN, true,
            "Report the server ready only when every model is ready."),
    LOG_VERBOSE("log-verbose", Kind.NON_NEGATIVE_INT, 0,
            "Verbose logging level: 0 none; 1, 2, 3 let debug records (CONFIG and FINE, FINER, FINEST) through."),
    LOG_INFO("log-info", Kind.BOOLEAN, true, "Log info records."),
    LOG_WARNING("log-warning", Kind.BOOLEAN, true, "Log warnings."),
    LOG_ERROR("log-error", Kind.BOOLEAN, true, "Log errors."),
    LOG_FORMAT("log-format", Kind.STRING, "default",
            "default (I1206 10:08:12.123456 THREAD SOURCE] message, local time) or ISO8601 (UTC)."),
    LOG_FILE("log-file", Kind.STRING, "-", "Append the log to this file instead of standard error; '-' for the console."),
    LOG_DIR("log-dir", Kind.STRING, "-",
            "The folder where clients may point log_file (logging extension); '-': the folder of --log-file, and"
                    + " without one clients may not choose a file."),
    TRACE_CONFIG("trace-config", Kind.LIST, List.of(),
            "Repeatable, tritonserver's forms: level=OFF|TIMESTAMPS|TENSORS (repeat for both), rate=N, count=N"
                    + " (-1 no limit), mode=triton, triton,file=PATH, triton,log-frequency=N."),
    TRACE_DIR("trace-dir", Kind.STRING, "-",
            "The folder where clients may point trace_file (trace extension); '-': the folder of the start-up"
                    + " trace file, and without one clients may not choose a file."),
    HTTP_MAX_INPUT_SIZE("http-max-input-size", Kind.SIZE, 67108864L,
            "Largest HTTP request body in bytes (also after decompression)."),
    SERVER_NAME("server-name", Kind.STRING, "infergate", "Name reported by server metadata (GET /v2)."),
    HTTP_ADDRESS("http-address", Kind.STRING, "0.0.0.0", "Address the HTTP and metrics services bind to."),
    METRICS_CONFIG("metrics-config", Kind.LIST, List.of(),
            "Repeatable key=value: histogram_latencies=true, summary_latencies=true,"
                    + " summary_quantiles=0.5:0.05,0.9:0.01,0.99:0.001 (tritonserver's names)."),
    METRICS_INTERVAL_MS("metrics-interval-ms", Kind.NON_NEGATIVE_INT, 2000,
            "How often CPU utilization and memory are sampled, in milliseconds."),
    CLUSTER("cluster", Kind.BOOLEAN, false,
            "Join a cluster: Vert.x clustered over Hazelcast, so gateways and workers share one event bus."),
    CLUSTER_HOST("cluster-host", Kind.STRING, "127.0.0.1",
            "Address this node's Hazelcast member and event bus bind to and announce to the others."),
    CLUSTER_PORT("cluster-port", Kind.PORT, 5701,
            "Hazelcast member port (the next free one above it when taken); the event bus picks a free port."),
    CLUSTER_MEMBERS("cluster-members", Kind.LIST, List.of(),
            "host:port of Hazelcast members to join (TCP-IP join, multicast off); repeat or comma-separate."),
    CLUSTER_CONFIG("cluster-config", Kind.STRING, "-",
            "A Hazelcast XML or YAML configuration file used instead of the cluster-host, -port and -members"
                    + " settings; '-' for none."),
    CLUSTER_NAME("cluster-name", Kind.STRING, "infergate",
            "Hazelcast cluster name: only nodes with the same name join each other."),
    CLUSTER_TLS_KEY_STORE("cluster-tls-key-store", Kind.STRING, "-",
            "A PKCS#12 key store (key, certificate and the trusted CA) that turns on TLS with client"
                    + " authentication for the event bus between nodes; '-' for plain TCP."),
    CLUSTER_TLS_PASSWORD("cluster-tls-password", Kind.STRING, "-",
            "Password of the cluster TLS key store (prefer the INFERGATE_CLUSTER_TLS_PASSWORD variable)."),
    // Models under load (issue 18): the response cache and the rate limiter.
    CACHE_CONFIG("cache-config", Kind.LIST, List.of(),
            "Response cache, tritonserver's syntax: local,size=BYTES (a cache shared by the models whose"
                    + " config.pbtxt has response_cache { enable: true }); none by default."),
    RATE_LIMIT("rate-limit", Kind.STRING, "off",
            "off, or execution_count: an instance executes only when the resources its instance_group's"
                    + " rate_limiter names are free, and rate_limiter priorities weight which waiting instance goes next."),
    RATE_LIMIT_RESOURCE("rate-limit-resource", Kind.LIST, List.of(),
            "name:count[:device]: copies of a rate-limiter resource (for one device, or all); repeatable."
                    + " Without it a resource has the most copies any loaded instance asks for."),
    ROLE("role", Kind.ROLE, "all",
            "all: load models and serve HTTP, gRPC and metrics; gateway: serve the frontends for the cluster's"
                    + " workers, load no models; worker: load models and serve them on the event bus (needs --cluster).");

    /** How a setting's text is validated and converted. */
    public enum Kind { LIST, CONTROL_MODE, ROLE, PORT, BOOLEAN, NON_NEGATIVE_INT, POSITIVE_INT, SECONDS, MILLIS, SIZE, STRING }

    private final String key;
    private final Kind kind;
    private final Object defaultValue;
    private final String description;

    Setting(String key, Kind kind, Object defaultValue, String description) {
        this.key = key;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String flag() {
        return "--" + key;
    }

    public String environmentVariable() {
        return "INFERGATE_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public Kind kind() {
        return kind;
    }

    public Object defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The setting with this YAML key or flag name (without "--"), including tritonserver's aliases. */
    public static Optional<Setting> byKey(String key) {
        if ("model-store".equals(key)) {
            return Optional.of(MODEL_REPOSITORY);
        }
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }
}
