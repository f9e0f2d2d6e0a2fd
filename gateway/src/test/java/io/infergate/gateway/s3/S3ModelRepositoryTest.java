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
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An S3 repository against a real S3-compatible store: S3Proxy in memory, which also takes the
 * keys a hostile or broken store may list ("a/../b", "a//b"); none of those writes outside the
 * copy, each fails the model's copy with a message naming it.
 */
class S3ModelRepositoryTest {
    @AutoClose
    private static final S3Store STORE = S3Store.inMemory();

    @TempDir
    Path cache;
    private String bucket;
    @AutoClose
    private S3ModelRepository repository;

    @BeforeEach
    void newBucket() {
        bucket = STORE.newBucket();
        repository = repositoryAt(STORE.location(bucket, "repo"), S3Store.access());
    }

    private S3ModelRepository repositoryAt(String location, S3Access access) {
        return new S3ModelRepository(S3Location.parse(location), access, cache);
    }

    @Test
    void itListsTheModelFoldersBelowItsPath() throws IOException {
        STORE.put(bucket, "repo/b/config.pbtxt", "b");
        STORE.put(bucket, "repo/a/1/model.onnx", "a");
        STORE.put(bucket, "repo/.hidden/config.pbtxt", "not a model");
        STORE.put(bucket, "repo/loose-file", "not a model");
        STORE.put(bucket, "elsewhere/c/config.pbtxt", "another repository");
        assertEquals(List.of("a", "b"), repository.modelNames());
    }

    @Test
    void aModelIsCopiedIntoAFolderNamedAfterIt() throws IOException {
        STORE.put(bucket, "repo/simple/config.pbtxt", "config");
        STORE.put(bucket, "repo/simple/1/model.onnx", "weights");
        Path folder = repository.localFolder("simple").orElseThrow();
        assertEquals("simple", folder.getFileName().toString());
        assertEquals("config", Files.readString(folder.resolve("config.pbtxt")));
        assertEquals("weights", Files.readString(folder.resolve("1/model.onnx")));
    }

    @Test
    void theCopiesLiveInAPrivateFolderInsideTheCacheFolder() throws IOException {
        STORE.put(bucket, "repo/simple/config.pbtxt", "config");
        Path folder = repository.localFolder("simple").orElseThrow();
        Path root = cache.relativize(folder).getName(0);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.resolve(root))));
    }

    @Test
    void anUnchangedModelIsNotCopiedAgain() throws IOException {
        STORE.put(bucket, "repo/simple/config.pbtxt", "config");
        assertEquals(repository.localFolder("simple"), repository.localFolder("simple"));
    }

    @Test
    void aReplacedObjectChangesTheFingerprintAndTheCopy() throws IOException {
        STORE.put(bucket, "repo/simple/config.pbtxt", "first");
        String before = repository.fingerprint("simple");
        Path first = repository.localFolder("simple").orElseThrow();
        STORE.put(bucket, "repo/simple/config.pbtxt", "second, longer");
        assertNotEquals(before, repository.fingerprint("simple"));
        Path second = repository.localFolder("simple").orElseThrow();
        assertEquals("second, longer", Files.readString(second.resolve("config.pbtxt")));
        assertNotEquals(first, second);
    }

    @Test
    void anAddedObjectChangesTheFingerprint() throws IOException {
        STORE.put(bucket, "repo/simple/config.pbtxt", "config");
        String before = repository.fingerprint("simple");
        STORE.put(bucket, "repo/simple/2/model.onnx", "new version");
        assertNotEquals(before, repository.fingerprint("simple"));
    }

    @Test
    void onlyTheNewestTwoCopiesOfAModelAreKept() throws IOException {
        STORE.put(bucket, "repo/simple/config.pbtxt", "1");
        Path oldest = repository.localFolder("simple").orElseThrow();
        STORE.put(bucket, "repo/simple/config.pbtxt", "22");
        Path older = repository.localFolder("simple").orElseThrow();
        STORE.put(bucket, "repo/simple/config.pbtxt", "333");
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
        STORE.put(bucket, "repo/simple/config.pbtxt", "config");
        Path folder = repository.localFolder("simple").orElseThrow();
        repository.close();
        assertFalse(Files.exists(folder));
    }

    @Test
    void aBucketThatDoesNotExistSaysSo() {
        S3ModelRepository missing = repositoryAt(STORE.location("no-such-bucket", "repo"), S3Store.access());
        IOException refused = assertThrows(IOException.class, missing::modelNames);
        assertEquals("bucket 'no-such-bucket' does not exist", refused.getMessage());
        missing.close();
    }

    @Test
    void wrongCredentialsSayWhatToCheck() {
        S3ModelRepository denied = repositoryAt(STORE.location(bucket, "repo"), S3Access.of("someone", "wrong"));
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

    private void assertRefusedAndNothingEscaped(String key) throws IOException {
        STORE.put(bucket, "repo/evil/config.pbtxt", "config");
        STORE.put(bucket, key, "escaped");
        IOException refused = assertThrows(IOException.class, () -> repository.localFolder("evil"));
        assertTrue(refused.getMessage().startsWith("refused object key '"), refused.getMessage());
        try (Stream<Path> files = Files.walk(cache)) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "nothing is left or written anywhere");
        }
    }

    @Test
    void aKeyThatClimbsOutOfTheModelFolderIsRefused() throws IOException {
        assertRefusedAndNothingEscaped("repo/evil/../../escape");
    }

    @Test
    void aKeyThatClimbsToTheRepositoryIsRefused() throws IOException {
        assertRefusedAndNothingEscaped("repo/evil/1/../../other/config.pbtxt");
    }

    @Test
    void aKeyWithAnEmptySegmentIsRefused() throws IOException {
        assertRefusedAndNothingEscaped("repo/evil//etc/passwd");
    }

    @Test
    void aKeyWithABackslashIsRefused() throws IOException {
        assertRefusedAndNothingEscaped("repo/evil/1\\..\\..\\escape");
    }

    @Test
    void aFolderNoModelMayBeNamedAfterIsNotListed() throws IOException {
        STORE.put(bucket, "repo/evil/config.pbtxt", "config");
        STORE.put(bucket, "repo/../config.pbtxt", "climbs");
        assertEquals(List.of("evil"), repository.modelNames());
    }
}
