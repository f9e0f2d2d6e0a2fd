package io.infergate.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An S3 repository against a real S3-compatible store (S3Proxy over a folder). */
class S3ModelRepositoryTest {
    @TempDir
    static Path storeData;
    private static S3Store store;

    @TempDir
    Path cache;
    private String bucket;
    private S3ModelRepository repository;

    @BeforeAll
    static void startStore() throws IOException {
        store = S3Store.start(storeData);
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @BeforeEach
    void newBucket() {
        bucket = store.newBucket();
        repository = repositoryAt(store.location(bucket, "repo"), S3Store.access());
    }

    @AfterEach
    void closeRepository() {
        repository.close();
    }

    private S3ModelRepository repositoryAt(String location, S3Access access) {
        return new S3ModelRepository(S3Location.parse(location), access, cache);
    }

    @Test
    void itListsTheModelFoldersBelowItsPath() throws IOException {
        store.put(bucket, "repo/b/config.pbtxt", "b");
        store.put(bucket, "repo/a/1/model.onnx", "a");
        store.put(bucket, "repo/.hidden/config.pbtxt", "not a model");
        store.put(bucket, "repo/loose-file", "not a model");
        store.put(bucket, "elsewhere/c/config.pbtxt", "another repository");
        assertEquals(List.of("a", "b"), repository.modelNames());
    }

    @Test
    void aModelIsCopiedIntoAFolderNamedAfterIt() throws IOException {
        store.put(bucket, "repo/simple/config.pbtxt", "config");
        store.put(bucket, "repo/simple/1/model.onnx", "weights");
        Path folder = repository.localFolder("simple").orElseThrow();
        assertEquals("simple", folder.getFileName().toString());
        assertEquals("config", Files.readString(folder.resolve("config.pbtxt")));
        assertEquals("weights", Files.readString(folder.resolve("1/model.onnx")));
    }

    @Test
    void theCopiesLiveInAPrivateFolderInsideTheCacheFolder() throws IOException {
        store.put(bucket, "repo/simple/config.pbtxt", "config");
        Path folder = repository.localFolder("simple").orElseThrow();
        Path root = cache.relativize(folder).getName(0);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.resolve(root))));
    }

    @Test
    void anUnchangedModelIsNotCopiedAgain() throws IOException {
        store.put(bucket, "repo/simple/config.pbtxt", "config");
        assertEquals(repository.localFolder("simple"), repository.localFolder("simple"));
    }

    @Test
    void aReplacedObjectChangesTheFingerprintAndTheCopy() throws IOException {
        store.put(bucket, "repo/simple/config.pbtxt", "first");
        String before = repository.fingerprint("simple");
        Path first = repository.localFolder("simple").orElseThrow();
        store.put(bucket, "repo/simple/config.pbtxt", "second, longer");
        assertNotEquals(before, repository.fingerprint("simple"));
        Path second = repository.localFolder("simple").orElseThrow();
        assertEquals("second, longer", Files.readString(second.resolve("config.pbtxt")));
        assertNotEquals(first, second);
    }

    @Test
    void anAddedObjectChangesTheFingerprint() throws IOException {
        store.put(bucket, "repo/simple/config.pbtxt", "config");
        String before = repository.fingerprint("simple");
        store.put(bucket, "repo/simple/2/model.onnx", "new version");
        assertNotEquals(before, repository.fingerprint("simple"));
    }

    @Test
    void onlyTheNewestTwoCopiesOfAModelAreKept() throws IOException {
        store.put(bucket, "repo/simple/config.pbtxt", "1");
        Path oldest = repository.localFolder("simple").orElseThrow();
        store.put(bucket, "repo/simple/config.pbtxt", "22");
        Path older = repository.localFolder("simple").orElseThrow();
        store.put(bucket, "repo/simple/config.pbtxt", "333");
        repository.localFolder("simple").orElseThrow();
        assertFalse(Files.exists(oldest), "the oldest copy is removed");
        assertTrue(Files.exists(older), "the copy a draining version may read stays");
    }

    @Test
    void aModelTheBucketDoesNotHoldHasNoFolder() throws IOException {
        assertEquals(Optional.empty(), repository.localFolder("absent"));
    }

    @Test
    void closingRemovesTheCopies() throws IOException {
        store.put(bucket, "repo/simple/config.pbtxt", "config");
        Path folder = repository.localFolder("simple").orElseThrow();
        repository.close();
        assertFalse(Files.exists(folder));
    }

    @Test
    void aBucketThatDoesNotExistSaysSo() {
        S3ModelRepository missing = repositoryAt(store.location("no-such-bucket", "repo"), S3Store.access());
        IOException refused = assertThrows(IOException.class, missing::modelNames);
        assertEquals("bucket 'no-such-bucket' does not exist", refused.getMessage());
        missing.close();
    }

    @Test
    void wrongCredentialsSayWhatToCheck() {
        S3ModelRepository denied = repositoryAt(store.location(bucket, "repo"), S3Access.of("someone", "wrong"));
        IOException refused = assertThrows(IOException.class, denied::modelNames);
        assertTrue(refused.getMessage().startsWith("access denied"), refused.getMessage());
        assertTrue(refused.getMessage().contains("AWS_ACCESS_KEY_ID"), refused.getMessage());
        denied.close();
    }

    @Test
    void anUnreachableEndpointSaysWhichOne() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        S3ModelRepository unreachable = repositoryAt("s3://127.0.0.1:" + closedPort + "/models", S3Store.access());
        IOException refused = assertThrows(IOException.class, unreachable::modelNames);
        assertTrue(refused.getMessage().startsWith("cannot reach http://127.0.0.1:" + closedPort),
                refused.getMessage());
        unreachable.close();
    }
}
