package io.infergate.engine.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.SharedMemoryRegionStatus;
import io.infergate.engine.api.Status;
import io.infergate.testsupport.ShmObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Registering, listing and unregistering regions of real /dev/shm objects, and every refusal. */
class RegionRegistryTest {
    private final RegionRegistry registry = new RegionRegistry(true, "");
    private ShmObject object;

    @BeforeEach
    void createObject() {
        object = ShmObject.create("registry-test", 1024);
    }

    @AfterEach
    void cleanUp() {
        registry.unregisterAll();
        object.close();
    }

    private static InferenceException refused(Status status, Executable call) {
        InferenceException e = assertThrows(InferenceException.class, call);
        assertEquals(status, e.status(), e.getMessage());
        return e;
    }

    @Test
    void aRegisteredRegionIsReportedAsTheClientGaveIt() {
        registry.register("r", object.key(), 128, 256);

        assertEquals(List.of(new SharedMemoryRegionStatus("r", object.key(), 128, 256)), registry.status("r"));
    }

    @Test
    void statusWithoutANameListsEveryRegionByName() {
        registry.register("b", object.key(), 0, 8);
        registry.register("a", object.key(), 8, 8);

        assertEquals(List.of("a", "b"), registry.status("").stream().map(SharedMemoryRegionStatus::name).toList());
    }

    @Test
    void anUnregisteredRegionIsGone() {
        registry.register("r", object.key(), 0, 8);
        registry.unregister("r");

        assertEquals(List.of(), registry.status(""));
    }

    @Test
    void unregisteringAnUnknownRegionIsNotAnError() {
        registry.unregister("never-registered");

        assertEquals(List.of(), registry.status(""));
    }

    @Test
    void aKeyWithoutTheLeadingSlashNamesTheSameObject() {
        registry.register("r", object.name(), 0, 8);

        assertEquals(object.name(), registry.status("r").getFirst().key());
    }

    @Test
    void statusOfAnUnknownRegionIsNotFound() {
        InferenceException e = refused(Status.NOT_FOUND, () -> registry.status("nope"));
        assertEquals("Unable to find system shared memory region: 'nope'", e.getMessage());
    }

    @Test
    void aNameInUseIsRefusedAndTheFirstRegionStays() {
        registry.register("r", object.key(), 0, 8);

        InferenceException e = refused(Status.ALREADY_EXISTS, () -> registry.register("r", object.key(), 8, 8));
        assertEquals("shared memory region 'r' already in manager", e.getMessage());
        assertEquals(0, registry.status("r").getFirst().offset());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../../etc/passwd", "a/b", "", "/", "..", "/.", "//x", "a b", "x\u0000y"})
    void aKeyThatIsNotAPlainShmNameIsRefused(String key) {
        InferenceException e = refused(Status.INVALID_ARG, () -> registry.register("r", key, 0, 8));
        assertTrue(e.getMessage().startsWith("invalid shared-memory key '"), e.getMessage());
        assertEquals(List.of(), registry.status(""));
    }

    @Test
    void aKeyOf300CharactersIsRefusedAndQuotedShort() {
        String key = "/" + "k".repeat(299);

        InferenceException e = refused(Status.INVALID_ARG, () -> registry.register("r", key, 0, 8));
        assertTrue(e.getMessage().startsWith("invalid shared-memory key '/kkk"), e.getMessage());
        assertTrue(e.getMessage().contains("...' (300 characters)"), e.getMessage());
    }

    @Test
    void theServersOwnObjectsAreReserved() {
        InferenceException e = refused(Status.INVALID_ARG,
                () -> registry.register("r", "/infergate-cpython-0123", 0, 8));
        assertEquals("shared-memory key '/infergate-cpython-0123' is reserved: objects named 'infergate-...' are the"
                + " server's own", e.getMessage());
    }

    @Test
    void aKeyThatDoesNotExistIsRefused() {
        InferenceException e = refused(Status.INVALID_ARG, () -> registry.register("r", "/no-such-object-xyz", 0, 8));
        assertEquals("Unable to open shared memory region: '/no-such-object-xyz': no such object in /dev/shm",
                e.getMessage());
    }

    @Test
    void aLinkInDevShmIsNotFollowed() throws IOException {
        Path link = Path.of("/dev/shm", object.name() + "-link");
        Files.createSymbolicLink(link, object.path());
        try {
            InferenceException e = refused(Status.INVALID_ARG, () -> registry.register("r", "/" + link.getFileName(), 0, 8));
            assertTrue(e.getMessage().endsWith("is not a shared-memory object (a regular file in /dev/shm)"),
                    e.getMessage());
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void aNegativeOffsetIsRefused() {
        InferenceException e = refused(Status.INVALID_ARG, () -> registry.register("r", object.key(), -1, 8));
        assertEquals("failed to register shared memory region 'r': offset -1 is negative", e.getMessage());
    }

    @Test
    void aNegativeByteSizeIsRefused() {
        InferenceException e = refused(Status.INVALID_ARG, () -> registry.register("r", object.key(), 0, -8));
        assertEquals("failed to register shared memory region 'r': byte size -8 is negative", e.getMessage());
    }

    @Test
    void anEmptyRegionIsRefused() {
        InferenceException e = refused(Status.INVALID_ARG, () -> registry.register("r", object.key(), 0, 0));
        assertEquals("failed to register shared memory region 'r': byte_size must be positive", e.getMessage());
    }

    @Test
    void aRegionBeyondTheObjectIsRefused() {
        InferenceException e = refused(Status.INVALID_ARG, () -> registry.register("r", object.key(), 1000, 100));
        assertEquals("failed to register shared memory region 'r': offset 1000 + byte size 100 = 1100 is beyond the"
                + " 1024 bytes of shared-memory object '" + object.key() + "'", e.getMessage());
    }

    @Test
    void anOffsetAndSizeThatOverflowAreRefused() {
        InferenceException e = refused(Status.INVALID_ARG,
                () -> registry.register("r", object.key(), Long.MAX_VALUE, 1));
        assertEquals("failed to register shared memory region 'r': offset " + Long.MAX_VALUE
                + " + byte size 1 overflows 64 bits", e.getMessage());
    }

    @Test
    void aRefusedRegistrationLeavesOtherRegionsUntouched() {
        registry.register("kept", object.key(), 0, 8);

        refused(Status.INVALID_ARG, () -> registry.register("bad", object.key(), 0, 4096));
        assertEquals(List.of(new SharedMemoryRegionStatus("kept", object.key(), 0, 8)), registry.status(""));
    }

    @Test
    void aDisabledRegistryRefusesToRegisterNamingTheFlag() {
        RegionRegistry disabled = new RegionRegistry(false, "");

        InferenceException e = refused(Status.UNAVAILABLE, () -> disabled.register("r", object.key(), 0, 8));
        assertTrue(e.getMessage().contains("--allow-client-shm=true"), e.getMessage());
    }

    @Test
    void aDisabledRegistryListsNothingAndUnregistersQuietly() {
        RegionRegistry disabled = new RegionRegistry(false, "");
        disabled.unregisterAll();
        disabled.unregister("r");

        assertEquals(List.of(), disabled.status(""));
    }

    @Test
    void acquiringAnUnknownRegionIsNotFound() {
        InferenceException e = refused(Status.NOT_FOUND, () -> registry.acquire("nope"));
        assertEquals("Unable to find shared memory region: 'nope'", e.getMessage());
    }

    @Test
    void aClusterNodeSaysWhereTheRequestLandedWhenTheRegionIsElsewhere() {
        RegionRegistry node = new RegionRegistry(true, "node-7");

        InferenceException e = refused(Status.NOT_FOUND, () -> node.acquire("nope"));
        assertEquals("Unable to find shared memory region: 'nope' on cluster node node-7 (a region is used only on"
                + " the node that registered it)", e.getMessage());
    }
}
