package io.infergate.e2e;

import static io.infergate.testsupport.Await.await;
import static io.infergate.testsupport.Await.eventually;

import io.infergate.testsupport.ProjectPaths;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster on loopback: one gateway and workers "a" and "b", each its own JVM. Both workers
 * serve the common models (identity, simple, repeat_int32, simple_sequence, slow_identity,
 * accumulator) in explicit control mode; worker
 * a also serves the Python model bls_remote, which calls remote_identity, served by worker b only.
 */
final class LocalCluster implements AutoCloseable {
    private final Path workDir;
    private final Path commonRepository;
    private final String gatewayMember;
    private final ClusterNodeProcess gateway;
    private final Map<String, ClusterNodeProcess> workers = new LinkedHashMap<>();
    private final List<ClusterNodeProcess> otherGateways = new ArrayList<>();
    private final Vertx clientVertx = Vertx.vertx();
    private final WebClient http;

    private LocalCluster(Path workDir, Path commonRepository, String gatewayMember, ClusterNodeProcess gateway) {
        this.workDir = workDir;
        this.commonRepository = commonRepository;
        this.gatewayMember = gatewayMember;
        this.gateway = gateway;
        this.http = WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(gateway.httpPort()));
    }

    /** Starts the gateway, then both workers, and waits until the gateway is ready. */
    static LocalCluster start(Path workDir) {
        Path common = linkCommonModels(workDir);
        int gatewayPort = freePort();
        ClusterNodeProcess gateway = ClusterNodeProcess.start("gateway", workDir, gatewayFlags(gatewayPort));
        LocalCluster cluster = new LocalCluster(workDir, common, "127.0.0.1:" + gatewayPort, gateway);
        try {
            cluster.startWorker("a");
            cluster.startWorker("b");
            cluster.awaitWorkers(2);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static List<String> gatewayFlags(int clusterPort) {
        return new ArrayList<>(List.of("--cluster", "--role=gateway", "--cluster-host=127.0.0.1",
                "--cluster-port=" + clusterPort, "--http-address=127.0.0.1", "--http-port=0",
                "--grpc-address=127.0.0.1", "--grpc-port=0", "--metrics-port=0"));
    }

    /** Starts one more gateway, which joins through the first; returns once it has joined. */
    ClusterNodeProcess startGateway(String name) {
        List<String> flags = gatewayFlags(freePort());
        flags.add("--cluster-members=" + gatewayMember);
        ClusterNodeProcess added = ClusterNodeProcess.start(name, workDir, flags);
        otherGateways.add(added);
        return added;
    }

    /** Starts worker a or b (again, after a kill); returns once it has loaded its models. */
    ClusterNodeProcess startWorker(String name) {
        List<String> flags = new ArrayList<>(List.of("--cluster", "--role=worker", "--cluster-host=127.0.0.1",
                "--cluster-port=" + freePort(), "--cluster-members=" + gatewayMember,
                "--model-control-mode=explicit", "--load-model=*",
                "--model-repository=" + commonRepository,
                "--model-repository=" + clusterResources().resolve("common"),
                "--model-repository=" + clusterResources().resolve("worker_" + name)));
        ClusterNodeProcess worker = ClusterNodeProcess.start("worker-" + name, workDir, flags);
        workers.put(name, worker);
        return worker;
    }

    ClusterNodeProcess worker(String name) {
        return workers.get(name);
    }

    /** The name (a or b) of the worker with this cluster node id. */
    String workerNamed(String nodeId) {
        return workers.entrySet().stream().filter(e -> e.getValue().nodeId().equals(nodeId)).findFirst()
                .orElseThrow(() -> new AssertionError("no worker " + nodeId)).getKey();
    }

    /** Kills a worker with SIGKILL and waits until the gateway has noticed. */
    void killWorker(String name) {
        workers.remove(name).kill();
        eventually("gateway to drop the killed worker", Duration.ofSeconds(30),
                () -> cluster().getJsonObject("workers").size() == workers.size());
    }

    /** Stops a worker with SIGTERM (its orderly shutdown) and waits until the gateway has dropped it. */
    void stopWorker(String name) {
        workers.remove(name).close();
        eventually("gateway to drop the stopped worker", Duration.ofSeconds(30),
                () -> cluster().getJsonObject("workers").size() == workers.size());
    }

    /** GET /v2/cluster: members, workers, per-worker statistics and calls pending from the gateway. */
    JsonObject cluster() {
        return get("/v2/cluster").bodyAsJsonObject();
    }

    ClusterNodeProcess gateway() {
        return gateway;
    }

    /** Waits until the gateway sees this many workers and is ready. */
    void awaitWorkers(int count) {
        eventually("gateway to see " + count + " ready workers", Duration.ofSeconds(60), () -> {
            return cluster().getJsonObject("workers").size() == count && get("/v2/health/ready").statusCode() == 200;
        });
    }

    HttpResponse<Buffer> get(String path) {
        return await(http.get(path).send());
    }

    HttpResponse<Buffer> post(String path, JsonObject body) {
        return await(http.post(path).sendJsonObject(body));
    }

    WebClient http() {
        return http;
    }

    Vertx clientVertx() {
        return clientVertx;
    }

    private static Path clusterResources() {
        return ProjectPaths.projectRoot().resolve("tests/src/test/resources/cluster");
    }

    /** The example models the workers share, linked (not copied) into one repository. */
    private static Path linkCommonModels(Path workDir) {
        try {
            Path repository = Files.createDirectories(workDir.resolve("common"));
            Files.createSymbolicLink(repository.resolve("identity"), ProjectPaths.examples().resolve("identity"));
            Files.createSymbolicLink(repository.resolve("simple"), ProjectPaths.examples().resolve("simple"));
            for (String model : List.of("repeat_int32", "simple_sequence")) {
                Files.createSymbolicLink(repository.resolve(model), ProjectPaths.tritonExamples().resolve(model));
            }
            return repository;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        workers.values().forEach(ClusterNodeProcess::close);
        otherGateways.forEach(ClusterNodeProcess::close);
        gateway.close();
        await(clientVertx.close());
    }
}
