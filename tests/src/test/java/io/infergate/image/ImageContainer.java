package io.infergate.image;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The image's entrypoint run as a container runtime would run it, without one: the layers
 * unpacked into a root folder, the process in its own mount and PID namespaces (unshare) with a
 * fresh /proc, changed into that root (chroot) as the image's user, with the image's environment
 * and no other. Needs root; {@link #possible()} says whether this machine allows it.
 */
final class ImageContainer implements AutoCloseable {
    private static final Pattern HTTP = Pattern.compile("Started HTTPService at [^:]+:(\\d+)");
    /** The devices the JVM opens: made as nodes in the root folder, so no host folder is mounted in. */
    private static final List<List<String>> DEVICES = List.of(List.of("null", "1", "3"), List.of("zero", "1", "5"),
            List.of("random", "1", "8"), List.of("urandom", "1", "9"));

    private final Process process;
    private final CompletableFuture<Integer> httpPort = new CompletableFuture<>();
    private final StringBuilder output = new StringBuilder();

    private ImageContainer(Process process) {
        this.process = process;
        Thread.ofVirtual().start(this::readOutput);
    }

    /** Whether this process may make namespaces and device nodes (root, with unshare and chroot). */
    static boolean possible() {
        return "root".equals(System.getProperty("user.name")) && run(List.of("unshare", "--mount", "--pid", "--fork",
                "true"));
    }

    /** Runs the image's entrypoint with these arguments in rootfs, where the layers lie unpacked. */
    static ImageContainer start(Path rootfs, JsonObject config, List<String> args) {
        try {
            // the root folder is the image's "/": its user must be able to walk it (JUnit makes it 0700)
            Files.setPosixFilePermissions(rootfs, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(rootfs.resolve("proc"));
            Files.createDirectories(rootfs.resolve("dev"));
            for (List<String> device : DEVICES) {
                Path node = rootfs.resolve("dev").resolve(device.get(0));
                if (!run(List.of("mknod", "-m", "666", node.toString(), "c", device.get(1), device.get(2)))) {
                    throw new IllegalStateException("mknod failed for " + node);
                }
            }
            String user = config.getString("User");
            List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child",
                    "--mount-proc=" + rootfs.resolve("proc"), hostTool("chroot"), "--userspec=" + user + ":" + user,
                    rootfs.toString()));
            config.getJsonArray("Entrypoint").forEach(part -> command.add((String) part));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().clear();
            config.getJsonArray("Env").forEach(entry -> {
                String[] pair = ((String) entry).split("=", 2);
                builder.environment().put(pair[0], pair[1]);
            });
            return new ImageContainer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTTP port the server announced; fails with its output when it did not start in time. */
    int httpPort(long timeoutSeconds) {
        try {
            return httpPort.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the server in the image did not start: " + output(), e);
        }
    }

    synchronized String output() {
        return output.toString();
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (this) {
                    output.append(line).append('\n');
                }
                Matcher http = HTTP.matcher(line);
                if (http.find()) {
                    httpPort.complete(Integer.parseInt(http.group(1)));
                }
            }
        } catch (IOException e) {
            httpPort.completeExceptionally(e);
        }
        httpPort.completeExceptionally(new IllegalStateException("the process ended"));
    }

    /** A tool of the host by its full path: the process runs with the image's PATH, not the host's. */
    private static String hostTool(String name) {
        return Stream.of("/usr/sbin", "/usr/bin", "/sbin", "/bin").map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).findFirst().map(Path::toString).orElse(name);
    }

    private static boolean run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Ends the server, then unshare; returns once they are gone. The server is signalled itself:
     * unshare's --kill-child does not reach it, because chroot changing the user clears the
     * parent-death signal.
     */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> inside = process.descendants().toList();
        inside.forEach(ProcessHandle::destroy);
        for (ProcessHandle child : inside) {
            try {
                child.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                child.destroyForcibly();
            }
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
