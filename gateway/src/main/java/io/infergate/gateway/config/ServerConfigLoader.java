package io.infergate.gateway.config;

import io.infergate.gateway.s3.S3Access;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the layers and resolves them: built-in defaults &lt; the YAML file &lt; INFERGATE_*
 * environment variables &lt; command line. The YAML file is {@code --config-file}, else
 * INFERGATE_CONFIG_FILE, else {@value #DEFAULT_CONFIG_FILE} relative to the current directory,
 * which may be missing; a file named explicitly must exist.
 */
public final class ServerConfigLoader {
    public static final String DEFAULT_CONFIG_FILE = "conf/infergate.yaml";
    public static final String CONFIG_FILE_VARIABLE = "INFERGATE_CONFIG_FILE";

    private ServerConfigLoader() {
    }

    /** Resolves the options; the future fails with a {@link ConfigException} on a bad configuration. */
    public static Future<ServerOptions> load(Vertx vertx, CommandLine commandLine, Map<String, String> environment) {
        String explicitFile = commandLine.configFile() != null
                ? commandLine.configFile()
                : environment.get(CONFIG_FILE_VARIABLE);
        Path file = Path.of(explicitFile != null ? explicitFile : DEFAULT_CONFIG_FILE);
        Future<JsonObject> yaml;
        if (Files.isRegularFile(file)) {
            yaml = readYaml(vertx, file);
        } else if (explicitFile != null) {
            return Future.failedFuture(new ConfigException("configuration file not found: " + file));
        } else {
            yaml = Future.succeededFuture(new JsonObject());
        }
        return yaml.map(json -> ServerOptions.resolve(
                ConfigLayers.fromYaml(json, file.toString()),
                ConfigLayers.fromEnvironment(environment),
                commandLine.values()).withS3Access(S3Access.fromEnvironment(environment)));
    }

    private static Future<JsonObject> readYaml(Vertx vertx, Path file) {
        try {
            if (hasNoSettings(file)) {
                // vertx-config fails on a YAML file without a document, such as one of comments only.
                return Future.succeededFuture(new JsonObject());
            }
        } catch (ConfigException e) {
            return Future.failedFuture(e);
        }
        ConfigStoreOptions store = new ConfigStoreOptions()
                .setType("file")
                .setFormat("yaml")
                .setConfig(new JsonObject().put("path", file.toAbsolutePath().toString()));
        // Read once: a scan period of 0 keeps the retriever from polling the file.
        ConfigRetriever retriever = ConfigRetriever.create(vertx,
                new ConfigRetrieverOptions().setScanPeriod(0).addStore(store));
        return retriever.getConfig()
                .recover(failure -> Future.failedFuture(
                        new ConfigException("cannot read " + file + ": " + rootMessage(failure))))
                .eventually(retriever::close);
    }

    private static boolean hasNoSettings(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("#") || line.equals("---"));
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
