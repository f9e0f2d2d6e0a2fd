package io.infergate.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real S3-compatible store for tests: S3Proxy over a folder (or in memory), on a free loopback port, in a JVM
 * of its own (its Jetty, Jackson and Guava never meet the test's classpath). The jar is the one
 * the module's build copies to the path in the {@code infergate.s3proxy.jar} system property.
 * Requests must be signed with {@link #ACCESS_KEY} and {@link #SECRET_KEY}.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "infergate-test-key";
    public static final String SECRET_KEY = "infergate-test-secret";
    /** A JVM and Jetty start in seconds; a loaded 2-core machine gets a minute. */
    private static final long START_SECONDS = 60;
    /** Jetty's line once it listens, with the port it picked. */
    private static final Pattern LISTENING = Pattern.compile("Started ServerConnector@.*\\{127\\.0\\.0\\.1:(\\d+)}");

    private final Process process;
    private final int port;

    private S3ProxyServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a store whose buckets are folders in {@code dataDir}, and waits until it listens. */
    public static S3ProxyServer start(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        return start(List.of("jclouds.provider=filesystem-nio2", "jclouds.filesystem.basedir=" + dataDir.toAbsolutePath()));
    }

    /**
     * Starts a store that keeps its objects in memory, and waits until it listens. Unlike a folder
     * it takes any key ("a/../b", "/a", "a//b"), as a hostile or broken store may list them.
     */
    public static S3ProxyServer startInMemory() throws IOException {
        return start(List.of("jclouds.provider=transient"));
    }

    private static S3ProxyServer start(List<String> storage) throws IOException {
        Path jar = Path.of(System.getProperty("infergate.s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no S3Proxy jar at " + jar + ": run the tests through Maven, which copies it");
        }
        List<String> settings = new ArrayList<>(List.of(
                "s3proxy.endpoint=http://127.0.0.1:0",
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.identity=" + ACCESS_KEY,
                "jclouds.credential=" + SECRET_KEY));
        settings.addAll(storage);
        Path properties = Files.createTempFile("s3proxy-", ".properties");
        Files.writeString(properties, String.join("\n", settings) + "\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(), "--properties", properties.toString()))
                .redirectErrorStream(true).start();
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Deque<String> lastLines = new ArrayDeque<>();
        Thread reader = new Thread(() -> readOutput(process, listening, lastLines), "s3proxy-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new S3ProxyServer(process, listening.get(START_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            synchronized (lastLines) {
                throw new IllegalStateException("S3Proxy did not start: " + String.join("\n", lastLines), e);
            }
        } finally {
            Files.deleteIfExists(properties);
        }
    }

    /** Reads the child's output to its end (a full pipe would stall it), watching for the port. */
    private static void readOutput(Process process, CompletableFuture<Integer> listening, Deque<String> lastLines) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher started = LISTENING.matcher(line);
                if (started.find()) {
                    listening.complete(Integer.parseInt(started.group(1)));
                }
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > 40) {
                        lastLines.removeFirst();
                    }
                }
            }
        } catch (IOException closed) {
            // the process ended
        }
        listening.completeExceptionally(new IllegalStateException("S3Proxy's output ended: it exited"));
    }

    public int port() {
        return port;
    }

    /** The endpoint, as an SDK's endpoint override takes it. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
