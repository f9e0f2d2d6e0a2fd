package io.infergate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ServerConfigLoaderTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("infergate.yaml"), text);
    }

    @Test
    void readsTheYamlFileNamedOnTheCommandLine(Vertx vertx, VertxTestContext test) throws IOException {
        Path file = yaml("model-repository: [/y1, /y2]\nhttp-port: 7000\n");
        CommandLine commandLine = CommandLine.parse(List.of("--config-file=" + file));
        ServerConfigLoader.load(vertx, commandLine, Map.of()).onComplete(test.succeeding(options -> test.verify(() -> {
            assertEquals(List.of("/y1", "/y2"), options.modelRepositories());
            assertEquals(7000, options.httpPort());
            test.completeNow();
        })));
    }

    @Test
    void environmentNamesTheYamlFileToo(Vertx vertx, VertxTestContext test) throws IOException {
        Path file = yaml("model-repository: [/y]\nmetrics-port: 7002\n");
        Map<String, String> environment = Map.of("INFERGATE_CONFIG_FILE", file.toString());
        ServerConfigLoader.load(vertx, CommandLine.parse(List.of()), environment)
                .onComplete(test.succeeding(options -> test.verify(() -> {
                    assertEquals(7002, options.metricsPort());
                    test.completeNow();
                })));
    }

    @Test
    void layersApplyInOrderYamlThenEnvironmentThenCommandLine(Vertx vertx, VertxTestContext test) throws IOException {
        Path file = yaml("model-repository: [/y]\nhttp-port: 7000\nmetrics-port: 7002\nserver-name: from-yaml\n");
        Map<String, String> environment = Map.of("INFERGATE_HTTP_PORT", "7100", "INFERGATE_METRICS_PORT", "7102");
        CommandLine commandLine = CommandLine.parse(List.of("--config-file", file.toString(), "--metrics-port=7202"));
        ServerConfigLoader.load(vertx, commandLine, environment).onComplete(test.succeeding(options -> test.verify(() -> {
            assertEquals("from-yaml", options.serverName());
            assertEquals(7100, options.httpPort());
            assertEquals(7202, options.metricsPort());
            test.completeNow();
        })));
    }

    @Test
    void missingExplicitFileIsAnError(Vertx vertx, VertxTestContext test) {
        CommandLine commandLine = CommandLine.parse(List.of("--config-file=" + dir.resolve("absent.yaml")));
        ServerConfigLoader.load(vertx, commandLine, Map.of()).onComplete(test.failing(e -> test.verify(() -> {
            assertInstanceOf(ConfigException.class, e);
            assertTrue(e.getMessage().startsWith("configuration file not found"), e.getMessage());
            test.completeNow();
        })));
    }

    @Test
    void unknownKeyInTheFileIsAnError(Vertx vertx, VertxTestContext test) throws IOException {
        Path file = yaml("model-repository: [/y]\nhttp_port: 1\n");
        CommandLine commandLine = CommandLine.parse(List.of("--config-file=" + file));
        ServerConfigLoader.load(vertx, commandLine, Map.of()).onComplete(test.failing(e -> test.verify(() -> {
            assertEquals("unknown key 'http_port' in " + file, e.getMessage());
            test.completeNow();
        })));
    }

    @Test
    void emptyFileLeavesTheDefaults(Vertx vertx, VertxTestContext test) throws IOException {
        Path file = yaml("# nothing set\n");
        CommandLine commandLine = CommandLine.parse(List.of("--config-file=" + file, "--model-repository=/m"));
        ServerConfigLoader.load(vertx, commandLine, Map.of()).onComplete(test.succeeding(options -> test.verify(() -> {
            assertEquals(8000, options.httpPort());
            test.completeNow();
        })));
    }

    @Test
    void bundledConfigurationIsValid(Vertx vertx, VertxTestContext test) {
        Path bundled = Path.of(System.getProperty("infergate.project.root", ".."), "conf", "infergate.yaml");
        CommandLine commandLine = CommandLine.parse(List.of("--config-file=" + bundled));
        ServerConfigLoader.load(vertx, commandLine, Map.of()).onComplete(test.succeeding(options -> test.verify(() -> {
            assertEquals(List.of("examples/model_repository"), options.modelRepositories());
            test.completeNow();
        })));
    }
}
