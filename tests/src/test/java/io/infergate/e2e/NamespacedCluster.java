package io.infergate.e2e;

import static io.infergate.testsupport.Await.await;
import static io.infergate.testsupport.Await.eventually;

import io.infergate.testsupport.ProjectPaths;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A gateway and three workers (worker1..worker3), each a JVM in a network namespace of its own
 * with an address of its own ({@link NetworkNamespaces}): Hazelcast, the event bus and the
 * gateway's HTTP port bind that address, on the standard ports, and the workers join through the
 * gateway's. The event bus runs over TLS, as it should between hosts. This test JVM reaches the
 * gateway over the namespaces' bridge. Every worker serves slow_identity (100 ms a request).
 */
final class NamespacedCluster implements AutoCloseable {
    static final List<String> WORKERS = List.of("worker1", "worker2", "worker3");
    private static final int HAZELCAST_PORT = 5701;
    private static final int HTTP_PORT = 8000;
    /**
     * Hazelcast looks for the other half of a healed split every 300 s by default (first after
     * 300 s, then every 120 s); the tests cannot wait that long.
     */
    private static final List<String> QUICK_MERGE = List.of("-Dhazelcast.merge.first.run.delay.seconds=5",
            "-Dhazelcast.merge.next.run.delay.seconds=5");

    private static final String KEY_STORE_PASSWORD = "netns-cluster";

    private final NetworkNamespaces net;
    private final Path workDir;
    private final Path keyStore;
    private final Map<String, ClusterNodeProcess> nodes = new LinkedHashMap<>();
    private final Vertx clientVertx = Vertx.vertx();
    private WebClient http;

    private NamespacedCluster(NetworkNamespaces net, Path workDir) {
        this.net = net;
        this.workDir = workDir;
        this.keyStore = workDir.resolve("cluster.p12");
    }

    /** Makes the namespaces, starts the gateway, then the workers side by side; returns once the gateway sees them all. */
    static NamespacedCluster start(Path workDir) {
        NamespacedCluster cluster = new NamespacedCluster(NetworkNamespaces.create(), workDir);
        try {
            cluster.createKeyStore();
            String gateway = cluster.net.addNode("gateway");
            List<String> workerAddresses = WORKERS.stream().map(cluster.net::addNode).toList();
            cluster.startNode("gateway", List.of("--role=gateway", "--cluster-host=" + gateway,
                    "--http-address=" + gateway, "--http-port=" + HTTP_PORT, "--grpc-address=" + gateway,
                    "--grpc-port=8001", "--metrics-port=8002"));
            cluster.http = WebClient.create(cluster.clientVertx, new WebClientOptions().setDefaultHost(gateway)
                    .setDefaultPort(HTTP_PORT));
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int i = 0; i < WORKERS.size(); i++) {
                String name = WORKERS.get(i);
                List<String> flags = List.of("--role=worker", "--cluster-host=" + workerAddresses.get(i),
                        "--cluster-members=" + gateway + ":" + HAZELCAST_PORT, "--model-control-mode=explicit",
                        "--load-model=slow_identity", "--model-repository=" + ProjectPaths.projectRoot()
                                .resolve("tests/src/test/resources/cluster/common"));
                workers.add(CompletableFuture.runAsync(() -> cluster.startNode(name, flags)));
            }
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
            cluster.awaitAllWorkers();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startNode(String name, List<String> roleFlags) {
        List<String> flags = new ArrayList<>(List.of("--cluster", "--cluster-port=" + HAZELCAST_PORT,
                "--cluster-tls-key-store=" + keyStore, "--cluster-tls-password=" + KEY_STORE_PASSWORD));
        flags.addAll(roleFlags);
        ClusterNodeProcess node = ClusterNodeProcess.start(name, workDir, net.launcher(name), QUICK_MERGE, flags);
        synchronized (nodes) {
            nodes.put(name, node);
        }
    }

    /** One self-signed certificate that every node presents and trusts (see docs/deployment.md). */
    private void createKeyStore() {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        try {
            Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "node", "-keyalg", "EC",
                    "-dname", "CN=infergate", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                    keyStore.toString(), "-storepass", KEY_STORE_PASSWORD).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    NetworkNamespaces net() {
        return net;
    }

    WebClient http() {
        return http;
    }

    /** The cluster node id of a worker (worker1..worker3). */
    String nodeId(String worker) {
        return nodes.get(worker).nodeId();
    }

    /** GET /v2/cluster on the gateway: members, workers and each worker's statistics. */
    JsonObject cluster() {
        return await(http.get("/v2/cluster").send()).bodyAsJsonObject();
    }

    /** The workers (by name) that the gateway routes to now. */
    List<String> workersSeen() {
        JsonObject workers = cluster().getJsonObject("workers");
        return WORKERS.stream().filter(name -> workers.containsKey(nodeId(name))).toList();
    }

    /** How many slow_identity requests a worker ran, as its published statistics say (0 while the gateway does not see it). */
    long executions(String worker) {
        JsonObject state = cluster().getJsonObject("workers").getJsonObject(nodeId(worker));
        return state == null ? 0 : state.getJsonArray("model_stats").stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("name").equals("slow_identity"))
                .mapToLong(s -> s.getLong("inference_count")).sum();
    }

    /** Waits until the gateway routes to exactly these workers and is ready. */
    void awaitWorkersSeen(List<String> workers, Duration timeout) {
        eventually("gateway to route to " + workers, timeout, () -> workersSeen().equals(workers)
                && await(http.get("/v2/health/ready").send()).statusCode() == 200);
    }

    /** Waits until the gateway routes to every worker (after a heal: once Hazelcast has merged the halves). */
    void awaitAllWorkers() {
        awaitWorkersSeen(WORKERS, Duration.ofSeconds(90));
    }

    /** Stops the nodes (SIGTERM), then removes the namespaces. */
    @Override
    public void close() {
        try {
            nodes.values().forEach(ClusterNodeProcess::close);
            await(clientVertx.close());
        } finally {
            net.close();
        }
    }
}
