package io.infergate.gateway.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How this node takes part in a cluster.
 *
 * @param enabled    whether Vert.x runs clustered over Hazelcast
 * @param role       what this node serves
 * @param host       address the Hazelcast member and the event bus bind to and announce
 * @param port       Hazelcast member port (auto-incremented when taken)
 * @param members    host:port of the members to join over TCP-IP
 * @param configFile a Hazelcast configuration file that replaces host, port and members, or null
 * @param name       Hazelcast cluster name
 * @param tlsKeyStore PKCS#12 key store for event-bus TLS, or null for plain TCP
 * @param tlsPassword its password ("" when none)
 */
public record ClusterOptions(boolean enabled, Role role, String host, int port, List<String> members,
        Path configFile, String name, Path tlsKeyStore, String tlsPassword) {

    /** What a node serves. */
    public enum Role {
        /** Models and frontends in one process. */
        ALL,
        /** HTTP, gRPC and metrics for the models of the cluster's workers; no models of its own. */
        GATEWAY,
        /** Models, served to gateways over the clustered event bus; no frontends. */
        WORKER;

        public boolean loadsModels() {
            return this != GATEWAY;
        }

        public boolean servesFrontends() {
            return this != WORKER;
        }

        static Role parse(String text) {
            return Arrays.stream(values()).filter(role -> role.name().equalsIgnoreCase(text.strip())).findFirst()
                    .orElse(null);
        }
    }

    public ClusterOptions {
        members = List.copyOf(members);
    }

    static ClusterOptions from(SettingValues values) {
        Role role = values.role(Setting.ROLE);
        boolean enabled = values.bool(Setting.CLUSTER);
        if (role != Role.ALL && !enabled) {
            throw new ConfigException("--role " + role.name().toLowerCase(Locale.ROOT)
                    + " needs --cluster: gateways and workers meet on the clustered event bus");
        }
        List<String> members = values.list(Setting.CLUSTER_MEMBERS).stream()
                .flatMap(item -> Arrays.stream(item.split(",")))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
        for (String member : members) {
            checkMember(member);
        }
        String password = values.text(Setting.CLUSTER_TLS_PASSWORD);
        return new ClusterOptions(enabled, role, values.text(Setting.CLUSTER_HOST), values.port(Setting.CLUSTER_PORT),
                members, values.optionalPath(Setting.CLUSTER_CONFIG).orElse(null), values.text(Setting.CLUSTER_NAME),
                values.optionalPath(Setting.CLUSTER_TLS_KEY_STORE).orElse(null), "-".equals(password) ? "" : password);
    }

    private static void checkMember(String member) {
        int colon = member.lastIndexOf(':');
        String port = colon < 0 ? "" : member.substring(colon + 1);
        if (colon <= 0 || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new ConfigException("invalid cluster member '" + member + "': expected host:port");
        }
    }
}
