package io.infergate.engine.shm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.SharedMemoryLease;
import io.infergate.engine.api.Status;
import io.infergate.testsupport.ProcessResources;
import io.infergate.testsupport.ShmObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Reading and writing a region through a lease: bounds, a client that shrinks its object, unregistering in use. */
class RegionLeaseTest {
    private final RegionRegistry registry = new RegionRegistry(true, "");
    private ShmObject object;

    @BeforeEach
    void registerRegion() {
        object = ShmObject.create("lease-test", 4096);
        // the region is the object's second kibibyte
        registry.register("r", object.key(), 1024, 1024);
    }

    @AfterEach
    void cleanUp() {
        registry.unregisterAll();
        object.close();
    }

    private static InferenceException invalid(Executable call) {
        InferenceException e = assertThrows(InferenceException.class, call);
        assertEquals(Status.INVALID_ARG, e.status(), e.getMessage());
        return e;
    }

    private static ByteBuffer ints(int... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            bytes.putInt(value);
        }
        return bytes.flip();
    }

    @Test
    void readCopiesWhatTheClientWroteAtTheRegionsOffset() {
        object.writeInts(1024 + 8, 7, 8, 9);
        try (SharedMemoryLease lease = registry.acquire("r")) {
            ByteBuffer data = lease.read("input 'IN'", 8, 12);

            assertEquals(ByteOrder.LITTLE_ENDIAN, data.order());
            assertEquals(List.of(7, 8, 9), List.of(data.getInt(), data.getInt(), data.getInt()));
        }
    }

    @Test
    void aReadIsACopyThatLaterWritesDoNotChange() {
        object.writeInts(1024, 1);
        try (SharedMemoryLease lease = registry.acquire("r")) {
            ByteBuffer data = lease.read("input 'IN'", 0, 4);
            object.writeInts(1024, 2);

            assertEquals(1, data.getInt(0));
        }
    }

    @Test
    void writeLandsAtTheRegionsOffset() {
        try (SharedMemoryLease lease = registry.acquire("r")) {
            lease.write("output 'OUT'", 16, 12, ints(4, 5, 6));
        }

        assertArrayEquals(new int[] {4, 5, 6}, object.readInts(1024 + 16, 3));
    }

    @Test
    void aReadBeyondTheRegionIsRefused() {
        try (SharedMemoryLease lease = registry.acquire("r")) {
            InferenceException e = invalid(() -> lease.read("input 'IN'", 1000, 100));
            assertEquals("input 'IN' (shared memory region 'r'): offset 1000 + byte size 100 = 1100 is beyond the 1024"
                    + " bytes of the region", e.getMessage());
        }
    }

    @Test
    void aReadWhoseOffsetAndSizeOverflowIsRefused() {
        try (SharedMemoryLease lease = registry.acquire("r")) {
            InferenceException e = invalid(() -> lease.read("input 'IN'", Long.MAX_VALUE, 2));
            assertTrue(e.getMessage().endsWith("overflows 64 bits"), e.getMessage());
        }
    }

    @Test
    void aNegativeReadOffsetIsRefused() {
        try (SharedMemoryLease lease = registry.acquire("r")) {
            InferenceException e = invalid(() -> lease.read("input 'IN'", -4, 4));
            assertEquals("input 'IN' (shared memory region 'r'): offset -4 is negative", e.getMessage());
        }
    }

    @Test
    void aResultLargerThanTheSpaceSetAsideIsRefused() {
        try (SharedMemoryLease lease = registry.acquire("r")) {
            InferenceException e = invalid(() -> lease.write("output 'OUT'", 0, 8, ints(1, 2, 3)));
            assertEquals("output 'OUT' (shared memory region 'r'): the result needs 12 bytes but the request set aside 8"
                    + " (shared_memory_byte_size)", e.getMessage());
        }
    }

    @Test
    void aClientThatTruncatesItsObjectGetsAnErrorNotACrash() {
        try (SharedMemoryLease lease = registry.acquire("r")) {
            object.resize(0);

            InferenceException read = invalid(() -> lease.read("input 'IN'", 0, 16));
            assertEquals("input 'IN' (shared memory region 'r'): shared-memory object '" + object.key()
                    + "' shrank to 0 bytes after it was registered; this access needs 1040", read.getMessage());
            InferenceException write = invalid(() -> lease.write("output 'OUT'", 0, 16, ints(1)));
            assertTrue(write.getMessage().contains("shrank to 0 bytes"), write.getMessage());
        }
    }

    @Test
    void theRegionStaysUsableWhileTheObjectStillCoversTheAccess() {
        object.writeInts(1024, 42);
        try (SharedMemoryLease lease = registry.acquire("r")) {
            object.resize(1024 + 8);

            assertEquals(42, lease.read("input 'IN'", 0, 4).getInt());
            invalid(() -> lease.read("input 'IN'", 0, 16));
        }
    }

    @Test
    void anUnlinkedObjectStaysReadableThroughItsMapping() {
        object.writeInts(1024, 99);
        object.unlink();
        try (SharedMemoryLease lease = registry.acquire("r")) {
            assertEquals(99, lease.read("input 'IN'", 0, 4).getInt());
        }
    }

    @Test
    void aRegionUnregisteredInUseStaysMappedUntilItsLastLeaseCloses() {
        SharedMemoryLease lease = registry.acquire("r");
        registry.unregister("r");

        assertEquals(1, ProcessResources.mappingsOf(object.name()));
        assertThrows(InferenceException.class, () -> registry.acquire("r"));
        lease.write("output 'OUT'", 0, 4, ints(5));
        assertEquals(5, object.readInts(1024, 1)[0]);

        lease.close();
        assertEquals(0, ProcessResources.mappingsOf(object.name()));
    }

    @Test
    void closingALeaseTwiceReleasesOnce() {
        SharedMemoryLease first = registry.acquire("r");
        first.close();
        first.close();
        registry.unregister("r");

        assertEquals(0, ProcessResources.mappingsOf(object.name()));
    }
}
