package io.infergate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.EngineOptions;
import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.gateway.logging.LogFormat;
import io.infergate.gateway.logging.LogSettings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {

    private static ServerOptions fromArgs(String... args) {
        return ServerOptions.resolve(CommandLine.parse(List.of(args)).values());
    }

    private static String errorFor(String... args) {
        return assertThrows(ConfigException.class, () -> fromArgs(args)).getMessage();
    }

    @Test
    void defaultsAreTritons() {
        ServerOptions options = fromArgs("--model-repository=/models");
        assertEquals(8000, options.httpPort());
        assertEquals(8001, options.grpcPort());
        assertEquals(8002, options.metricsPort());
        assertEquals(ModelControlMode.NONE, options.controlMode());
        assertTrue(options.allowHttp());
        assertTrue(options.allowMetrics());
        assertTrue(options.autoCompleteConfig());
        assertTrue(options.exitOnError());
        assertTrue(options.strictReadiness());
        assertEquals(LogSettings.DEFAULTS, options.log().startup());
        assertEquals(67108864L, options.httpMaxInputSize());
        assertEquals("infergate", options.serverName());
        assertEquals("0.0.0.0", options.httpAddress());
    }

    @Test
    void clientSharedMemoryIsOffUnlessAllowed() {
        assertFalse(fromArgs("--model-repository=/models").allowClientShm());
        assertTrue(fromArgs("--model-repository=/models", "--allow-client-shm=true").allowClientShm());
        assertTrue(fromArgs("--model-repository=/models", "--allow-client-shm").allowClientShm());
    }

    @Test
    void yamlOverridesDefaults() {
        ServerOptions options = ServerOptions.resolve(
                ConfigLayers.fromYaml(new JsonObject().put("model-repository", "/y").put("http-port", 7000), "f.yaml"));
        assertEquals(7000, options.httpPort());
    }

    @Test
    void environmentOverridesYaml() {
        ServerOptions options = ServerOptions.resolve(
                ConfigLayers.fromYaml(new JsonObject().put("model-repository", "/y").put("http-port", 7000), "f.yaml"),
                ConfigLayers.fromEnvironment(Map.of("INFERGATE_HTTP_PORT", "7100")));
        assertEquals(7100, options.httpPort());
    }

    @Test
    void commandLineOverridesEnvironment() {
        ServerOptions options = ServerOptions.resolve(
                ConfigLayers.fromEnvironment(Map.of("INFERGATE_HTTP_PORT", "7100", "INFERGATE_MODEL_REPOSITORY", "/e")),
                CommandLine.parse(List.of("--http-port=7200")).values());
        assertEquals(7200, options.httpPort());
    }

    @Test
    void higherLayerReplacesAWholeList() {
        ServerOptions options = ServerOptions.resolve(
                ConfigLayers.fromEnvironment(Map.of("INFERGATE_MODEL_REPOSITORY", "/e1,/e2")),
                CommandLine.parse(List.of("--model-repository=/c")).values());
        assertEquals(List.of("/c"), options.modelRepositories());
    }

    @Test
    void strictModelConfigDisablesAutoComplete() {
        assertFalse(fromArgs("--model-repository=/m", "--strict-model-config").autoCompleteConfig());
    }

    @Test
    void disableAutoCompleteConfigDisablesAutoComplete() {
        assertFalse(fromArgs("--model-repository=/m", "--disable-auto-complete-config").autoCompleteConfig());
    }

    @Test
    void booleansAcceptOneAndZero() {
        ServerOptions options = fromArgs("--model-repository=/m", "--allow-http=0", "--allow-metrics", "1");
        assertFalse(options.allowHttp());
        assertTrue(options.allowMetrics());
    }

    @Test
    void explicitModeNeedsNoRepositoryWhenNothingIsLoadedAtStartUp() {
        assertTrue(fromArgs("--model-control-mode=explicit").modelRepositories().isEmpty());
    }

    @Test
    void convertsToEngineOptions() {
        EngineOptions engine = fromArgs("--model-repository=/m", "--model-control-mode=EXPLICIT",
                "--load-model=a", "--load-model=b", "--strict-readiness=false").toEngineOptions();
        assertEquals(new EngineOptions(List.of(Path.of("/m")), ModelControlMode.EXPLICIT, List.of("a", "b"),
                true, false), engine);
    }

    @Test
    void nonNumericPortIsRejected() {
        assertEquals("invalid value 'abc' for --http-port: expected a port number 0..65535",
                errorFor("--model-repository=/m", "--http-port=abc"));
    }

    @Test
    void portAboveRangeIsRejected() {
        assertEquals("invalid value '65536' for --metrics-port: expected a port number 0..65535",
                errorFor("--model-repository=/m", "--metrics-port=65536"));
    }

    @Test
    void negativePortIsRejected() {
        assertEquals("invalid value '-1' for --grpc-port: expected a port number 0..65535",
                errorFor("--model-repository=/m", "--grpc-port=-1"));
    }

    @Test
    void negativeMaxInputSizeIsRejected() {
        assertEquals("invalid value '-5' for --http-max-input-size: expected a positive number of bytes",
                errorFor("--model-repository=/m", "--http-max-input-size=-5"));
    }

    @Test
    void negativeLogLevelIsRejected() {
        assertEquals("invalid value '-1' for --log-verbose: expected a whole number >= 0",
                errorFor("--model-repository=/m", "--log-verbose=-1"));
    }

    @Test
    void unknownControlModeIsRejected() {
        assertEquals("invalid value 'sometimes' for --model-control-mode: expected none, explicit or poll",
                errorFor("--model-repository=/m", "--model-control-mode=sometimes"));
    }

    @Test
    void pollModeScansEveryRepositoryPollSecs() {
        ServerOptions options = ServerOptions.fromArgs("--model-repository=/m", "--model-control-mode=poll",
                "--repository-poll-secs=3");
        assertEquals(ModelControlMode.POLL, options.toEngineOptions().controlMode());
        assertEquals(Duration.ofSeconds(3), options.toEngineOptions().pollInterval());
    }

    @Test
    void pollModeScansEveryFifteenSecondsByDefaultAsTriton() {
        assertEquals(Duration.ofSeconds(15), ServerOptions.fromArgs("--model-repository=/m",
                "--model-control-mode=poll").toEngineOptions().pollInterval());
    }

    @Test
    void anS3LocationThatDoesNotParseIsRefusedAtStartUp() {
        assertEquals("--model-repository 's3://Bad_Bucket/models': 'Bad_Bucket' is not a valid bucket name"
                + " (s3://bucket/path or s3://host:port/bucket/path)", errorFor("--model-repository=s3://Bad_Bucket/models"));
    }

    @Test
    void s3AndLocalRepositoriesKeepTheirOrder() {
        List<String> locations = ServerOptions.fromArgs("--model-repository=s3://models-bucket/repo",
                "--model-repository=/local").toEngineOptions().modelRepositories().stream()
                .map(repository -> repository.location()).toList();
        assertEquals(List.of("s3://models-bucket/repo", "/local"), locations);
    }

    @Test
    void loadModelOutsideExplicitModeIsRefusedAsTritonRefusesIt() {
        assertEquals("use of '--load-model' requires setting '--model-control-mode=explicit' as well",
                errorFor("--model-repository=/m", "--load-model=simple"));
        assertEquals("use of '--load-model' requires setting '--model-control-mode=explicit' as well",
                errorFor("--model-repository=/m", "--model-control-mode=poll", "--load-model=simple"));
    }

    @Test
    void pollModeRefusesZeroPollSecs() {
        assertEquals("--repository-poll-secs must be greater than 0 in poll mode",
                errorFor("--model-repository=/m", "--model-control-mode=poll", "--repository-poll-secs=0"));
    }

    @Test
    void zeroPollSecsIsIgnoredOutsidePollMode() {
        assertEquals(ModelControlMode.NONE, ServerOptions.fromArgs("--model-repository=/m",
                "--repository-poll-secs=0").controlMode());
    }

    @Test
    void negativePollSecsIsRejected() {
        assertEquals("invalid value '-1' for --repository-poll-secs: expected a whole number >= 0",
                errorFor("--model-repository=/m", "--model-control-mode=poll", "--repository-poll-secs=-1"));
    }

    @Test
    void pollModeNeedsAModelRepository() {
        assertTrue(errorFor("--model-control-mode=poll").startsWith("no model repository"));
    }

    @Test
    void badBooleanIsRejected() {
        assertEquals("invalid value 'maybe' for --exit-on-error: expected true, false, 1 or 0",
                errorFor("--model-repository=/m", "--exit-on-error=maybe"));
    }

    @Test
    void emptyServerNameIsRejected() {
        assertEquals("invalid value '' for --server-name: expected a non-empty value",
                errorFor("--model-repository=/m", "--server-name="));
    }

    @Test
    void missingRepositoryIsRejectedWhenModelsAreLoadedAtStartUp() {
        assertTrue(errorFor().startsWith("no model repository"));
    }

    @Test
    void sameHttpAndMetricsPortIsRejected() {
        assertEquals("--http-port and --metrics-port are both 9000",
                errorFor("--model-repository=/m", "--http-port=9000", "--metrics-port=9000"));
    }

    @Test
    void badEnvironmentValueNamesTheVariable() {
        ConfigException e = assertThrows(ConfigException.class, () -> ServerOptions.resolve(
                ConfigLayers.fromEnvironment(Map.of("INFERGATE_MODEL_REPOSITORY", "/m", "INFERGATE_HTTP_PORT", "x"))));
        assertEquals("invalid value 'x' for INFERGATE_HTTP_PORT: expected a port number 0..65535", e.getMessage());
    }

    @Test
    void badYamlValueNamesTheKeyAndFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> ServerOptions.resolve(ConfigLayers.fromYaml(
                new JsonObject().put("model-repository", "/m").put("metrics-port", 70000), "conf/x.yaml")));
        assertEquals("invalid value '70000' for metrics-port in conf/x.yaml: expected a port number 0..65535",
                e.getMessage());
    }

    @Test
    void logFlagsSetTheStartupSettings() {
        LogOptions log = fromArgs("--model-repository=/m", "--log-info=false", "--log-verbose=2", "--log-format=ISO8601",
                "--log-file=/var/log/infergate/server.log").log();
        assertEquals(new LogSettings("/var/log/infergate/server.log", false, true, true, 2, LogFormat.ISO8601),
                log.startup());
        assertEquals(Optional.of(Path.of("/var/log/infergate")), log.allowedFolder());
    }

    @Test
    void theLogDirIsTheFolderClientsMayUse() {
        assertEquals(Optional.of(Path.of("/logs")), fromArgs("--model-repository=/m", "--log-dir=/logs",
                "--log-file=/var/log/x.log").log().allowedFolder());
        assertEquals(Optional.empty(), fromArgs("--model-repository=/m").log().allowedFolder());
    }

    @Test
    void anUnknownLogFormatIsRejected() {
        assertEquals("invalid value 'json' for --log-format: expected default or ISO8601",
                errorFor("--model-repository=/m", "--log-format=json"));
    }
}
