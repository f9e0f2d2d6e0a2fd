package io.infergate.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys a hostile or broken store may list, against a store that takes any key (S3Proxy in
 * memory): none writes outside the copy, each fails the model's copy with a message naming it.
 */
class S3HostileKeysTest {
    private static S3Store store;

    @TempDir
    Path cache;
    private String bucket;
    private S3ModelRepository repository;

    @BeforeAll
    static void startStore() throws IOException {
        store = S3Store.inMemory();
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @BeforeEach
    void newBucket() {
        bucket = store.newBucket();
        repository = new S3ModelRepository(S3Location.parse(store.location(bucket, "repo")), S3Store.access(),
                cache.resolve("copies"));
        store.put(bucket, "repo/evil/config.pbtxt", "config");
    }

    @AfterEach
    void closeRepository() {
        repository.close();
    }

    private void assertRefusedAndNothingEscaped(String key) throws IOException {
        store.put(bucket, key, "escaped");
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
        store.put(bucket, "repo/../config.pbtxt", "climbs");
        assertEquals(List.of("evil"), repository.modelNames());
        assertFalse(Files.exists(cache.resolve("config.pbtxt")));
    }
}
