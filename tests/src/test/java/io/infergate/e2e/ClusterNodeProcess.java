package io.infergate.e2e;

import io.infergate.testsupport.ProjectPaths;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cluster node in a JVM of its own, started through scripts/infergate-node (the Docker
 * image's entrypoint) with this test JVM's class path in an argument file. Its output goes to a
 * log file; the lines that announce its ports and node id are picked up on the way.
 */
final class ClusterNodeProcess implements AutoCloseable {
    private static final Pattern HTTP = Pattern.compile("Started HTTPService at [^:]+:(\\d+)");
    private static final Pattern GRPC = Pattern.compile("Started GRPCInferenceService at [^:]+:(\\d+)");
    private static final Pattern JOINED = Pattern.compile("Joined the cluster as \\w+ node (\\S+)");
    private static final long START_TIMEOUT_SECONDS = 180;

    private final String name;
    private final Process process;
    private final Path log;
    private final CompletableFuture<Integer> httpPort = new CompletableFuture<>();
    private final CompletableFuture<Integer> grpcPort = new CompletableFuture<>();
    private final CompletableFuture<String> nodeId = new CompletableFuture<>();
    /** Set before the process is stopped: stopping closes its output, which ends the reader with an error. */
    private volatile boolean stopping;

    private ClusterNodeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts a node with these flags; returns once it has joined the cluster and loaded its models. */
    static ClusterNodeProcess start(String name, Path workDir, List<String> flags) {
        return start(name, workDir, List.of(), List.of(), flags);
    }

    /**
     * Starts a node as {@link #start(String, Path, List)} does, its command run through the
     * launcher (e.g. {@code ip netns exec <namespace>}, which execs it: the process is the node's
     * JVM) and with these JVM flags added.
     */
    static ClusterNodeProcess start(String name, Path workDir, List<String> launcher, List<String> jvmFlags,
            List<String> flags) {
        try {
            Path argFile = workDir.resolve("classpath.args");
            if (!Files.exists(argFile)) {
                Files.writeString(argFile, "-cp " + System.getProperty("java.class.path") + "\n");
            }
            List<String> command = new ArrayList<>(launcher);
            command.add(ProjectPaths.projectRoot().resolve("scripts/infergate-node").toString());
            command.addAll(flags);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("INFERGATE_CLASSPATH_FILE", argFile.toString());
            builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
            builder.environment().put("INFERGATE_JAVA_OPTS",
                    String.join(" ", "-Xms64m -Xmx768m -XX:+UseSerialGC", String.join(" ", jvmFlags)).strip());
            Path log = workDir.resolve(name + ".log");
            Process process = builder.start();
            // a test JVM that dies takes its nodes with it
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            ClusterNodeProcess node = new ClusterNodeProcess(name, process, log);
            Thread.ofVirtual().name(name + "-output").start(node::readOutput);
            node.nodeId.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return node;
        } catch (Exception e) {
            throw new IllegalStateException("node " + name + " did not start: " + e.getMessage(), e);
        }
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
            String line;
            while ((line = lines.readLine()) != null) {
                out.println(line);
                out.flush();
                complete(HTTP.matcher(line), httpPort);
                complete(GRPC.matcher(line), grpcPort);
                Matcher joined = JOINED.matcher(line);
                if (joined.find()) {
                    nodeId.complete(joined.group(1));
                }
            }
        } catch (IOException e) {
            if (!stopping) {
                throw new UncheckedIOException(e);
            }
        } finally {
            nodeId.completeExceptionally(new IllegalStateException(name + " exited; see " + log));
        }
    }

    private static void complete(Matcher matcher, CompletableFuture<Integer> port) {
        if (matcher.find()) {
            port.complete(Integer.parseInt(matcher.group(1)));
        }
    }

    String name() {
        return name;
    }

    String nodeId() {
        return nodeId.join();
    }

    int httpPort() {
        return httpPort.getNow(-1);
    }

    int grpcPort() {
        return grpcPort.getNow(-1);
    }

    /** SIGKILL: no shutdown hook, no goodbye to the cluster. */
    void kill() {
        stopping = true;
        process.destroyForcibly();
        waitForExit();
    }

    private void waitForExit() {
        try {
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, the orderly shutdown; SIGKILL if that takes longer than a minute. */
    @Override
    public void close() {
        stopping = true;
        process.destroy();
        waitForExit();
        if (process.isAlive()) {
            kill();
        }
    }
}
