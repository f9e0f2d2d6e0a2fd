package io.infergate.gateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import io.infergate.gateway.config.ClusterOptions;
import io.infergate.gateway.config.ConfigException;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Hazelcast configuration of a node: Vert.x's defaults (the maps its event bus needs), TCP-IP
 * join with the given members, multicast off, and failure detection in seconds, not minutes. A
 * configuration file, when named, replaces the network part.
 */
final class HazelcastSetup {
    /** A member that misses heartbeats this long is removed (and its requests fail). */
    static final int MAX_NO_HEARTBEAT_SECONDS = 5;
    /** Hazelcast's INFO lines (banners, partition migrations) drown the server's; membership is logged by us. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    private HazelcastSetup() {
    }

    static Config config(ClusterOptions options) {
        Config config;
        if (options.configFile() != null) {
            try {
                config = Config.loadFromFile(options.configFile().toFile());
            } catch (IOException | RuntimeException e) {
                throw new ConfigException("cannot read Hazelcast configuration " + options.configFile() + ": "
                        + e.getMessage());
            }
        } else {
            config = ConfigUtil.loadConfig();
            network(config.getNetworkConfig(), options);
            // bind and announce this address only (the member address the others connect to)
            config.setProperty("hazelcast.local.localAddress", options.host());
            config.setProperty("hazelcast.socket.bind.any", "false");
            // Join at once instead of waiting 5 s for more members to show up. Not with a file: a
            // discovery joiner (Kubernetes DNS) looks for members only within this wait, so at 0
            // it finds none and every node forms a cluster of its own.
            config.setProperty("hazelcast.wait.seconds.before.join", "0");
        }
        config.setClusterName(options.name());
        config.setProperty("hazelcast.logging.type", "jdk");
        HAZELCAST_LOG.setLevel(Level.WARNING);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // Vert.x leaves the cluster itself on close; Hazelcast's own hook would race it.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_NO_HEARTBEAT_SECONDS));
        return config;
    }

    private static void network(NetworkConfig network, ClusterOptions options) {
        network.setPort(options.port()).setPortAutoIncrement(true);
        network.getInterfaces().setEnabled(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        TcpIpConfig tcp = join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2);
        if (options.members().isEmpty()) {
            tcp.addMember(options.host());
        } else {
            options.members().forEach(tcp::addMember);
        }
    }
}
