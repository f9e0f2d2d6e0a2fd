package io.infergate.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private network of Linux network namespaces, one per node, built with {@code ip} (needs
 * root). A "hub" namespace holds two bridges: {@code main}, which every node and this test JVM's
 * namespace are plugged into, and {@code island}, where a {@link #partition partition} moves
 * nodes so that they see each other and nothing else. Each node namespace has one interface,
 * {@code eth0}, with an address in a /24 that the test picks; its peer in the hub is named after
 * the node. The bridges live in the hub, not in the host's namespace, so the host's firewall
 * (Docker's FORWARD rules, for one) never sees the nodes' traffic.
 *
 * <p>Every name starts with {@code igt<pid>-}, the test JVM's process id: parallel runs do not
 * collide, and what a crashed run left behind is recognised (its pid is gone) and removed.
 */
final class NetworkNamespaces implements AutoCloseable {
    private static final String PREFIX = "igt";
    private static final Pattern RUN_NAMESPACE = Pattern.compile("^" + PREFIX + "(\\d+)-\\S+");
    private static final String MAIN_BRIDGE = "main";
    private static final String ISLAND_BRIDGE = "island";
    private static final String NODE_INTERFACE = "eth0";
    /** The third octet of the 10.77.x.0/24 networks; one per run. */
    private static final int FIRST_SUBNET = 1;
    private static final int SUBNETS = 250;
    /** The test JVM's address on the main bridge is .1; nodes get .10, .11, ... */
    private static final int FIRST_NODE_HOST = 10;

    private final String run = PREFIX + ProcessHandle.current().pid();
    private final String hub = run + "-hub";
    private final Map<String, String> nodeAddresses = new LinkedHashMap<>();
    private String subnet;

    private NetworkNamespaces() {
    }

    /**
     * Why namespaces cannot be made here (not Linux, no {@code ip}, not root, refused by the
     * kernel or a sandbox), or empty when they can: tried by making one and removing it.
     */
    static Optional<String> unavailableReason() {
        if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
            return Optional.of("network namespaces need Linux, this is " + System.getProperty("os.name"));
        }
        String probe = PREFIX + ProcessHandle.current().pid() + "-probe";
        Result added = tryIp("netns", "add", probe);
        if (!added.ok()) {
            return Optional.of("cannot create a network namespace (`ip netns add` needs root and the ip tool): "
                    + added.output());
        }
        tryIp("netns", "del", probe);
        return Optional.empty();
    }

    /** Removes what crashed runs left, then makes the hub, its bridges, and this JVM's link to the main one. */
    static NetworkNamespaces create() {
        removeStale();
        NetworkNamespaces net = new NetworkNamespaces();
        try {
            net.subnet = "10.77." + freeSubnet() + ".";
            ip("netns", "add", net.hub);
            for (String bridge : List.of(MAIN_BRIDGE, ISLAND_BRIDGE)) {
                ip("-n", net.hub, "link", "add", bridge, "type", "bridge");
                ip("-n", net.hub, "link", "set", bridge, "up");
            }
            String local = net.run + "-t";
            ip("link", "add", local, "type", "veth", "peer", "name", "tester", "netns", net.hub);
            ip("addr", "add", net.subnet + "1/24", "dev", local);
            ip("link", "set", local, "up");
            ip("-n", net.hub, "link", "set", "tester", "master", MAIN_BRIDGE, "up");
            return net;
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** Makes a namespace for the node, plugged into the main bridge; returns the node's address. */
    String addNode(String node) {
        String address = subnet + (FIRST_NODE_HOST + nodeAddresses.size());
        String namespace = namespace(node);
        ip("netns", "add", namespace);
        ip("-n", namespace, "link", "set", "lo", "up");
        ip("-n", hub, "link", "add", node, "type", "veth", "peer", "name", NODE_INTERFACE, "netns", namespace);
        ip("-n", hub, "link", "set", node, "master", MAIN_BRIDGE, "up");
        ip("-n", namespace, "addr", "add", address + "/24", "dev", NODE_INTERFACE);
        ip("-n", namespace, "link", "set", NODE_INTERFACE, "up");
        nodeAddresses.put(node, address);
        return address;
    }

    /** The command prefix that runs a program inside the node's namespace. */
    List<String> launcher(String node) {
        return List.of("ip", "netns", "exec", namespace(node));
    }

    /** Cuts the node's cable: its hub end goes down, so nothing reaches it and it reaches nothing. */
    void cut(String node) {
        ip("-n", hub, "link", "set", node, "down");
    }

    /** Moves these nodes to a bridge of their own: they see each other, the rest sees neither of them. */
    void partition(List<String> nodes) {
        nodes.forEach(node -> ip("-n", hub, "link", "set", node, "master", ISLAND_BRIDGE));
    }

    /** Undoes every cut and partition: all nodes back on the main bridge, links up. */
    void heal() {
        for (String node : nodeAddresses.keySet()) {
            ip("-n", hub, "link", "set", node, "master", MAIN_BRIDGE, "up");
        }
    }

    private String namespace(String node) {
        return run + "-" + node;
    }

    /** Removes this run's namespaces; the veth pairs go with them. */
    @Override
    public void close() {
        for (String node : nodeAddresses.keySet()) {
            tryIp("netns", "del", namespace(node));
        }
        tryIp("netns", "del", hub);
    }

    /** Deletes the namespaces of runs whose JVM is gone, after killing what still runs in them. */
    private static void removeStale() {
        for (String line : tryIp("netns", "list").output().lines().toList()) {
            Matcher name = RUN_NAMESPACE.matcher(line);
            if (name.find() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()) {
                String namespace = name.group();
                tryIp("netns", "pids", namespace).output().lines().map(String::strip).filter(s -> !s.isEmpty())
                        .forEach(pid -> ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly));
                tryIp("netns", "del", namespace);
            }
        }
    }

    /** A 10.77.x.0/24 that no address of this namespace is in (a parallel run holds one), chosen from the pid. */
    private static int freeSubnet() {
        String used = tryIp("-o", "-4", "addr", "show").output();
        long start = ProcessHandle.current().pid() % SUBNETS;
        for (int i = 0; i < SUBNETS; i++) {
            int candidate = FIRST_SUBNET + (int) ((start + i) % SUBNETS);
            if (!used.contains(" 10.77." + candidate + ".")) {
                return candidate;
            }
        }
        throw new IllegalStateException("every 10.77.x.0/24 is in use here: " + used);
    }

    private static void ip(String... arguments) {
        Result result = tryIp(arguments);
        if (!result.ok()) {
            throw new IllegalStateException("ip " + String.join(" ", arguments) + " failed: " + result.output());
        }
    }

    private record Result(boolean ok, String output) {
    }

    private static Result tryIp(String... arguments) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean exited = process.waitFor(30, TimeUnit.SECONDS);
            return new Result(exited && process.exitValue() == 0, output.strip());
        } catch (IOException e) {
            return new Result(false, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: ip " + String.join(" ", arguments), e);
        }
    }
}
