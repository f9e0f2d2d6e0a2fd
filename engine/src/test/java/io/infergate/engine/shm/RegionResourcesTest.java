package io.infergate.engine.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.SharedMemoryLease;
import io.infergate.engine.api.Status;
import io.infergate.testsupport.ProcessResources;
import io.infergate.testsupport.ShmObject;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What the registry holds from the kernel: nothing after unregistering, and no crash when a client shrinks its object. */
class RegionResourcesTest {
    private static final int CYCLES = 10_000;

    @Test
    void tenThousandRegisterUnregisterCyclesLeakNoDescriptorOrMapping() {
        RegionRegistry registry = new RegionRegistry(true, "");
        try (ShmObject object = ShmObject.create("leak-test", 8192)) {
            // one cycle first: whatever the JDK loads once for mapping files is not a leak
            registry.register("warm-up", object.key(), 0, 8192);
            registry.unregister("warm-up");
            long descriptors = ProcessResources.openDescriptors();
            long mappings = ProcessResources.mappings();

            for (int i = 0; i < CYCLES; i++) {
                registry.register("r", object.key(), i % 2 == 0 ? 0 : 4096, 4096);
                registry.acquire("r").close();
                registry.unregister("r");
            }

            // exact for this object (the test's own descriptor stays open); the totals of a JVM
            // shared with other tests move by a few, where a leak would add one per cycle
            assertEquals(1, ProcessResources.openDescriptorsOf(object.name()));
            assertEquals(0, ProcessResources.mappingsOf(object.name()));
            assertTrue(ProcessResources.openDescriptors() - descriptors < 10, "descriptors grew by "
                    + (ProcessResources.openDescriptors() - descriptors) + " over " + CYCLES + " cycles");
            assertTrue(ProcessResources.mappings() - mappings < 10, "mappings grew by "
                    + (ProcessResources.mappings() - mappings) + " over " + CYCLES + " cycles");
        }
    }

    @Test
    void refusedRegistrationsLeakNoDescriptor() {
        RegionRegistry registry = new RegionRegistry(true, "");
        try (ShmObject object = ShmObject.create("leak-test", 64)) {
            long descriptors = ProcessResources.openDescriptors();

            for (int i = 0; i < 1000; i++) {
                try {
                    registry.register("r", object.key(), 0, 128);
                } catch (InferenceException expected) {
                    // beyond the object: opened, checked, closed
                }
            }

            assertEquals(1, ProcessResources.openDescriptorsOf(object.name()), "the test's own descriptor only");
            assertTrue(ProcessResources.openDescriptors() - descriptors < 10);
        }
    }

    /**
     * A client shrinks and regrows its object while requests copy from and into the region: the
     * size check runs before every copy, and a shrink that lands during a copy makes it fault.
     * Every access either works or fails with INVALID_ARG; the JVM lives on.
     */
    @Test
    void aClientShrinkingItsObjectDuringCopiesNeverCrashesTheJvm() throws Exception {
        int size = 4 * 1024 * 1024;
        RegionRegistry registry = new RegionRegistry(true, "");
        try (ShmObject object = ShmObject.create("shrink-test", size)) {
            registry.register("r", object.key(), 0, size);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread client = Thread.ofPlatform().start(() -> {
                while (running.get()) {
                    object.resize(0);
                    object.resize(size);
                }
            });
            AtomicLong refused = new AtomicLong();
            long worked = 0;
            try (SharedMemoryLease lease = registry.acquire("r")) {
                long end = System.nanoTime() + 2_000_000_000L;
                while (System.nanoTime() < end) {
                    try {
                        lease.write("output 'OUT'", 0, size, lease.read("input 'IN'", 0, size));
                        worked++;
                    } catch (InferenceException e) {
                        assertEquals(Status.INVALID_ARG, e.status(), e.getMessage());
                        assertTrue(e.getMessage().contains("shrank"), e.getMessage());
                        refused.incrementAndGet();
                    } catch (InternalError e) {
                        // HotSpot may deliver a compiled copy's fault at a later safepoint check, here
                        if (!MappedRegion.isFault(e)) {
                            throw e;
                        }
                        refused.incrementAndGet();
                    }
                }
            } finally {
                running.set(false);
                client.join();
                registry.unregisterAll();
            }
            assertTrue(worked + refused.get() > 0);
        }
    }
}
