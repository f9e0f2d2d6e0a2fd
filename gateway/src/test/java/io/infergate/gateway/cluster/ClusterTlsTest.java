package io.infergate.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.config.ClusterOptions;
import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.server.MeteredVertx;
import io.infergate.testsupport.Await;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two clustered Vert.x instances in this JVM whose event bus runs over TLS with client certificates. */
class ClusterTlsTest {
    private static final String PASSWORD = "cluster-secret";

    @TempDir
    Path dir;

    /** Forming a cluster (Hazelcast discovery, TLS handshakes) may take longer than a request. */
    private static <T> T await(Future<T> future) {
        return Await.await(future, Duration.ofSeconds(120));
    }

    private Path keyStore() throws Exception {
        Path store = dir.resolve("cluster.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "node", "-keyalg", "EC", "-dname", "CN=infergate", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD)
                .inheritIO().start();
        assertEquals(0, keytool.waitFor());
        return store;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static ClusterOptions node(int port, int firstMember, Path store) {
        return ServerOptions.fromArgs("--cluster", "--role=gateway", "--cluster-name=tls-" + firstMember,
                "--cluster-port=" + port, "--cluster-members=127.0.0.1:" + firstMember,
                "--cluster-tls-key-store=" + (store == null ? "-" : store), "--cluster-tls-password=" + PASSWORD)
                .cluster();
    }

    @Test
    void eventBusMessagesCrossNodesOverTls() throws Exception {
        Path store = keyStore();
        int first = freePort();
        MeteredVertx one = await(ClusterNode.join(node(first, first, store)));
        MeteredVertx two = await(ClusterNode.join(node(freePort(), first, store)));
        try {
            assertTrue(one.vertx().isClustered() && two.vertx().isClustered());
            await(one.vertx().eventBus().<String>consumer("tls.echo", message -> message.reply("echo " + message.body()))
                    .completion());
            String reply = await(two.vertx().eventBus().<String>request("tls.echo", "hello")).body();
            assertEquals("echo hello", reply);

            // a member without the certificate joins Hazelcast but cannot talk to the TLS event bus
            MeteredVertx plain = await(ClusterNode.join(node(freePort(), first, null)));
            try {
                Future<Message<String>> refused = plain.vertx().eventBus().request("tls.echo", "hello",
                        new DeliveryOptions().setSendTimeout(3_000));
                Await.failure(refused, Throwable.class);
            } finally {
                await(plain.vertx().close());
            }
        } finally {
            await(two.vertx().close());
            await(one.vertx().close());
        }
    }
}
