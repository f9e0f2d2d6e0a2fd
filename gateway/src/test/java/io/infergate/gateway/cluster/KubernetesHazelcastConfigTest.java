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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

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
