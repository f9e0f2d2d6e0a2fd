package io.infergate.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.server.HttpLoadClients.Sample;
import io.infergate.testsupport.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway in front of two workers in this JVM, each polling a repository of its own. When one
 * worker's repository loses the model, that worker unloads it while the gateway's view of the
 * cluster still lists it for a moment: a request the gateway sends there is not taken and goes to
 * the other worker, so no request fails.
 */
class ClusterUnloadUnderLoadTest {
    private static final String ECHO = """
            backend: "identity"
            max_batch_size: 8
            input [ { name: "INPUT0" data_type: TYPE_INT32 dims: [ 16 ] }, { name: "INPUT1" data_type: TYPE_INT32 dims: [ 16 ] } ]
            output [ { name: "OUTPUT0" data_type: TYPE_INT32 dims: [ 16 ] }, { name: "OUTPUT1" data_type: TYPE_INT32 dims: [ 16 ] } ]
            parameters { key: "execute_delay_ms" value { string_value: "2" } }
            """;

    @TempDir
    Path first;
    @TempDir
    Path second;
    private final List<InfergateServer> nodes = new ArrayList<>();
    private final Vertx vertx = Vertx.vertx();
    private final WebClient client = WebClient.create(vertx);

    @AfterEach
    void closeNodes() {
        client.close();
        await(vertx.close());
        for (InfergateServer node : nodes.reversed()) {
            await(node.close());
        }
    }

    /** Forming a cluster (Hazelcast discovery) may take longer than a request. */
    private static <T> T await(Future<T> future) {
        return Await.await(future, Duration.ofSeconds(120));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private InfergateServer node(int port, int firstMember, String... roleArgs) {
        List<String> args = new ArrayList<>(List.of("--cluster", "--cluster-name=unload-" + firstMember,
                "--cluster-port=" + port, "--cluster-members=127.0.0.1:" + firstMember, "--http-port=0",
                "--grpc-port=0", "--allow-metrics=false", "--http-address=127.0.0.1", "--grpc-address=127.0.0.1"));
        args.addAll(List.of(roleArgs));
        InfergateServer node = await(InfergateServer.start(ServerOptions.fromArgs(args.toArray(String[]::new))));
        nodes.add(node);
        return node;
    }

    private InfergateServer pollingWorker(Path repository, int port, int firstMember) throws IOException {
        Files.createDirectories(repository.resolve("echo/1"));
        Files.writeString(repository.resolve("echo/config.pbtxt"), ECHO);
        return node(port, firstMember, "--role=worker", "--model-repository=" + repository,
                "--model-control-mode=poll", "--repository-poll-secs=1");
    }

    @Test
    void aWorkerThatUnloadsWhileTheGatewayStillListsItFailsNoRequest() throws Exception {
        int firstPort = freePort();
        pollingWorker(first, firstPort, firstPort);
        pollingWorker(second, freePort(), firstPort);
        InfergateServer gateway = node(freePort(), firstPort, "--role=gateway");
        Await.eventually("both workers serve echo through the gateway", Duration.ofSeconds(120),
                () -> nodesServing(gateway) == 2);
        try (HttpLoadClients clients = new HttpLoadClients(gateway.httpPort(), "echo", 8)) {
            Thread.sleep(1_000);
            deleteTree(first.resolve("echo"));
            Await.eventually("the first worker unloaded echo", Duration.ofSeconds(60), () -> nodesServing(gateway) == 1);
            Thread.sleep(1_000);
            Await.eventually("every client had its last answer", Duration.ofSeconds(60), clients::stop);
            List<Sample> samples = clients.samples();
            List<Sample> failed = samples.stream().filter(Sample::failed).toList();
            assertEquals(List.of(), failed.stream().limit(5).toList(), failed.size() + " of " + samples.size() + " failed");
            assertTrue(samples.size() > 100, samples.size() + " requests");
        }
    }

    /** How many workers the gateway's view lists as serving echo ({@code GET /v2/cluster}). */
    private long nodesServing(InfergateServer gateway) {
        JsonObject workers = await(client.get(gateway.httpPort(), "127.0.0.1", "/v2/cluster").send())
                .bodyAsJsonObject().getJsonObject("workers");
        return workers.fieldNames().stream().filter(node -> workers.getJsonObject(node).getJsonArray("model_stats")
                .stream().anyMatch(stats -> ((JsonObject) stats).getString("name").equals("echo"))).count();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
