package io.infergate.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.config.MultiMapConfig;
import io.infergate.gateway.config.ClusterOptions;
import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.server.MeteredVertx;
import io.infergate.testsupport.Await;
import io.vertx.core.Future;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hazelcast file that deploy/kubernetes mounts into every pod (--cluster-config), read as the
 * server reads it: members are found through the headless Service by DNS, and Vert.x keeps its maps.
 */
class KubernetesHazelcastConfigTest {
    private static final Path DEPLOY = Path.of("..", "deploy", "kubernetes");
    private static final Path HAZELCAST_FILE = DEPLOY.resolve("hazelcast/hazelcast.yaml");

    private static Config load(Path file) {
        ClusterOptions options = ServerOptions.fromArgs("--cluster", "--role=gateway", "--cluster-config=" + file)
                .cluster();
        return HazelcastSetup.config(options);
    }

    @Test
    void membersAreFoundByResolvingTheHeadlessService() throws Exception {
        Config config = load(HAZELCAST_FILE);

        JoinConfig join = config.getNetworkConfig().getJoin();
        KubernetesConfig kubernetes = join.getKubernetesConfig();
        assertTrue(kubernetes.isEnabled());
        assertFalse(join.getTcpIpConfig().isEnabled());
        assertFalse(join.getMulticastConfig().isEnabled());
        assertEquals("5701", kubernetes.getProperty("service-port"));
        assertEquals(5701, config.getNetworkConfig().getPort());
        // DNS lookup mode needs no access to the Kubernetes API (and so no RBAC objects)
        assertEquals(null, kubernetes.getProperty("service-name"));
        String serviceDns = kubernetes.getProperty("service-dns");
        assertEquals(serviceDns, headlessServiceName(), "the name Hazelcast resolves is the headless Service's");

        assertEquals("infergate", config.getClusterName());
        assertEquals(MultiMapConfig.ValueCollectionType.SET,
                config.getMultiMapConfig("__vertx.subs").getValueCollectionType());
        assertEquals(1, config.getMultiMapConfig("__vertx.subs").getBackupCount());
        assertEquals(1, config.getMapConfig("__vertx.nodeInfo").getBackupCount());
    }

    /**
     * Two nodes started from the file, as two pods would be, except that the name they resolve is
     * localhost and the ports are free ones: Hazelcast's DNS discovery forms the cluster and the
     * event bus carries a request from one node to the other.
     */
    /**
     * Two nodes started from the file as two pods would be: the same member port on two addresses
     * (127.0.0.1 and 127.0.0.2 stand for the pod IPs), the service name replaced by localhost.
     * Hazelcast's DNS discovery forms the cluster and the event bus carries a request across.
     */
    @Test
    void twoNodesStartedFromTheFileFindEachOtherByDns(@TempDir Path dir) throws Exception {
        int port = freePort();
        MeteredVertx one = await(ClusterNode.join(podNode(dir, "127.0.0.1", port)));
        try {
            MeteredVertx two = await(ClusterNode.join(podNode(dir, "127.0.0.2", port)));
            try {
                assertEquals(2, two.clusterManager().getNodes().size());
                await(one.vertx().eventBus().<String>consumer("dns.echo", message -> message.reply("echo " + message.body()))
                        .completion());
                assertEquals("echo hello", await(two.vertx().eventBus().<String>request("dns.echo", "hello")).body());
            } finally {
                await(two.vertx().close());
            }
        } finally {
            await(one.vertx().close());
        }
    }

    /** A node whose copy of the file binds {@code address}:{@code port} only and resolves localhost for members. */
    private static ClusterOptions podNode(Path dir, String address, int port) throws Exception {
        String text = Files.readString(HAZELCAST_FILE)
                .replace("service-dns: infergate-cluster", "service-dns: localhost")
                .replace("port: 5701", "port: " + port)
                // a pod has one address of its own; here each member binds just its own
                .replace("hazelcast:\n", "hazelcast:\n  properties:\n    hazelcast.local.localAddress: " + address
                        + "\n    hazelcast.socket.bind.any: false\n");
        assertTrue(text.contains("service-dns: localhost") && text.contains("service-port: " + port), text);
        Path file = Files.writeString(dir.resolve(address + ".yaml"), text);
        // a cluster name of its own, so that no other test's members join it
        return ServerOptions.fromArgs("--cluster", "--role=gateway", "--cluster-host=" + address,
                "--cluster-name=dns-" + port, "--cluster-config=" + file).cluster();
    }

    /** Forming a cluster takes longer than a request. */
    private static <T> T await(Future<T> future) {
        return Await.await(future, Duration.ofSeconds(120));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** metadata.name of the Service in services.yaml whose clusterIP is None. */
    private static String headlessServiceName() throws Exception {
        String headless = Arrays.stream(Files.readString(DEPLOY.resolve("services.yaml")).split("\n---\n"))
                .filter(document -> document.contains("\n  clusterIP: None\n"))
                .findFirst().orElseThrow(() -> new AssertionError("services.yaml has no headless Service"));
        return headless.lines().dropWhile(line -> !line.equals("metadata:"))
                .filter(line -> line.startsWith("  name: ")).findFirst()
                .map(line -> line.substring("  name: ".length()).strip()).orElseThrow();
    }
}
