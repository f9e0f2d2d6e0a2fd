package io.infergate.gateway.s3;

import io.infergate.engine.repository.spi.Folders;
import io.infergate.testsupport.S3ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The tests' S3-compatible store: S3Proxy over a folder, with a client that makes buckets and
 * uploads objects the way any S3 tool would.
 */
public final class S3Store implements AutoCloseable {
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final S3ProxyServer server;
    private final S3Client client;
    /** The store's own folder, removed on close; null for a store in memory. */
    private final Path folder;

    private S3Store(S3ProxyServer server, Path folder) {
        this.server = server;
        this.folder = folder;
        this.client = S3Clients.create(S3Location.parse("s3://127.0.0.1:" + server.port() + "/any"), access());
    }

    /** Starts a store over a temporary folder of its own. */
    public static S3Store inTemporaryFolder() {
        try {
            Path folder = Files.createTempDirectory("s3store-");
            return new S3Store(S3ProxyServer.start(folder), folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a store in memory, which takes keys no folder can hold ("a/../b"). */
    public static S3Store inMemory() {
        try {
            return new S3Store(S3ProxyServer.startInMemory(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The credentials the store accepts. */
    public static S3Access access() {
        return S3Access.of(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY);
    }

    /** A new, empty bucket with a name no other test uses. */
    public String newBucket() {
        String bucket = "models-" + BUCKETS.incrementAndGet();
        client.createBucket(request -> request.bucket(bucket));
        return bucket;
    }

    /** The location of a repository at {@code path} in a bucket, in Triton's custom-endpoint form. */
    public String location(String bucket, String path) {
        return "s3://127.0.0.1:" + server.port() + "/" + bucket + (path.isEmpty() ? "" : "/" + path);
    }

    public void put(String bucket, String key, byte[] content) {
        client.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    public void put(String bucket, String key, String content) {
        put(bucket, key, content.getBytes(StandardCharsets.UTF_8));
    }

    public void delete(String bucket, String key) {
        client.deleteObject(request -> request.bucket(bucket).key(key));
    }

    /** Uploads every file below a local folder under {@code prefix}, as {@code aws s3 cp --recursive} does. */
    public void upload(Path folder, String bucket, String prefix) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = folder.relativize(file).toString().replace('\\', '/');
                put(bucket, prefix + relative, Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        server.close();
        if (folder != null) {
            Folders.deleteTree(folder);
        }
    }
}
