package io.infergate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.config.ClusterOptions.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterOptionsTest {

    @Test
    void aPlainServerIsNotClustered() {
        ClusterOptions cluster = ServerOptions.fromArgs("--model-repository=/m").cluster();
        assertFalse(cluster.enabled());
        assertEquals(Role.ALL, cluster.role());
        assertNull(cluster.tlsKeyStore());
    }

    @Test
    void clusterFlagsAreRead() {
        ClusterOptions cluster = ServerOptions.fromArgs("--cluster", "--role=Worker", "--model-repository=/m",
                "--cluster-host=10.0.0.2", "--cluster-port=5800", "--cluster-members=10.0.0.1:5701, 10.0.0.3:5701",
                "--cluster-members=h:1", "--cluster-tls-key-store=/k.p12").cluster();
        assertTrue(cluster.enabled());
        assertEquals(Role.WORKER, cluster.role());
        assertEquals("10.0.0.2", cluster.host());
        assertEquals(5800, cluster.port());
        assertEquals(List.of("10.0.0.1:5701", "10.0.0.3:5701", "h:1"), cluster.members());
        assertEquals(Path.of("/k.p12"), cluster.tlsKeyStore());
    }

    @Test
    void environmentVariablesSetClusterFlags() {
        ServerOptions options = ServerOptions.resolve(ConfigLayers.fromEnvironment(Map.of("INFERGATE_CLUSTER", "true",
                "INFERGATE_ROLE", "gateway", "INFERGATE_CLUSTER_MEMBERS", "a:1,b:2")));
        assertEquals(Role.GATEWAY, options.cluster().role());
        assertEquals(List.of("a:1", "b:2"), options.cluster().members());
    }

    @Test
    void aGatewayNeedsNoModelRepository() {
        assertEquals(Role.GATEWAY, ServerOptions.fromArgs("--cluster", "--role=gateway").cluster().role());
    }

    @Test
    void aRoleOtherThanAllNeedsCluster() {
        ConfigException e = assertThrows(ConfigException.class, () -> ServerOptions.fromArgs("--role=gateway"));
        assertTrue(e.getMessage().contains("needs --cluster"), e.getMessage());
    }

    @Test
    void anUnknownRoleIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerOptions.fromArgs("--cluster", "--role=boss", "--model-repository=/m"));
        assertTrue(e.getMessage().contains("all, gateway or worker"), e.getMessage());
    }

    @Test
    void aMemberWithoutPortIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerOptions.fromArgs("--cluster", "--cluster-members=10.0.0.1", "--model-repository=/m"));
        assertTrue(e.getMessage().contains("expected host:port"), e.getMessage());
    }
}
