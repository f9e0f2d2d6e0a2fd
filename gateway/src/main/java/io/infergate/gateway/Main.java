package io.infergate.gateway;

import io.infergate.gateway.cluster.ClusterNode;
import io.infergate.gateway.config.CommandLine;
import io.infergate.gateway.config.ConfigException;
import io.infergate.gateway.config.HelpText;
import io.infergate.gateway.config.ServerConfigLoader;
import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.server.InfergateServer;
import io.infergate.gateway.server.MeteredVertx;
import io.infergate.gateway.server.ModelTable;
import io.infergate.gateway.server.UnavailableModelsException;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code infergate [flags]}: starts the server and runs until SIGTERM or SIGINT. */
public final class Main {
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 30;

    private Main() {
    }

    public static void main(String[] args) {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(Arrays.asList(args));
        } catch (ConfigException e) {
            exitWithConfigError(e);
            return;
        }
        if (commandLine.help()) {
            System.out.print(HelpText.render());
            return;
        }
        MeteredVertx metered = MeteredVertx.create();
        ServerOptions options;
        try {
            options = ServerConfigLoader.load(metered.vertx(), commandLine, System.getenv()).await();
        } catch (ConfigException e) {
            metered.vertx().close().await();
            exitWithConfigError(e);
            return;
        }
        InfergateServer server;
        try {
            if (options.cluster().enabled()) {
                // the configuration was read on a plain Vert.x; the server runs on a clustered one
                metered.vertx().close().await();
                metered = ClusterNode.join(options.cluster()).await();
            }
            server = InfergateServer.start(metered, options).await();
        } catch (UnavailableModelsException e) {
            System.out.print(ModelTable.render(e.models()));
            System.err.println("error: " + e.getMessage() + " (--exit-on-error is set)");
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            System.err.println("error: start-up failed: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (options.cluster().role().loadsModels()) {
            System.out.print(ModelTable.render(server.localModels()));
        }
        if (server.httpPort() >= 0) {
            System.out.println("Started HTTPService at " + options.httpAddress() + ":" + server.httpPort());
        }
        if (server.grpcPort() >= 0) {
            System.out.println("Started GRPCInferenceService at " + options.grpc().address() + ":" + server.grpcPort());
        }
        server.clusterNodeId().ifPresent(nodeId -> System.out.println("Joined the cluster as "
                + options.cluster().role().name().toLowerCase(Locale.ROOT) + " node " + nodeId));
        if (server.metricsPort() >= 0) {
            System.out.println("Started Metrics Service at " + options.httpAddress() + ":" + server.metricsPort());
        }
        // SIGTERM and SIGINT run shutdown hooks; Vert.x's non-daemon threads keep the JVM up until then.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(server), "infergate-shutdown"));
    }

    private static void shutDown(InfergateServer server) {
        System.out.println("Shutting down: closing services, unloading models");
        try {
            server.close().await(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.err.println("shutdown did not finish in " + SHUTDOWN_TIMEOUT_SECONDS + " s");
        }
    }

    private static void exitWithConfigError(ConfigException e) {
        System.err.println("error: " + e.getMessage());
        System.err.println("Run with --help to list the flags.");
        System.exit(1);
    }
}
