package io.infergate.gateway.protocol;

import io.infergate.engine.SystemSharedMemory;
import io.infergate.engine.api.SharedMemoryRegions;
import io.infergate.testsupport.ShmObject;

/**
 * A registry with client shared memory on and one real region, {@value #NAME}: {@value #SIZE}
 * bytes at offset {@value #OFFSET} of a shared-memory object, for the fuzz tests whose inputs
 * name shared memory. {@link #close()} unregisters everything and deletes the object.
 */
public final class FuzzRegion implements AutoCloseable {
    public static final String NAME = "fuzz";
    public static final long OFFSET = 1024;
    public static final long SIZE = 1024;

    private final ShmObject object = ShmObject.create("fuzz-region", 4096);
    private final SharedMemoryRegions registry = SystemSharedMemory.create(true);

    public FuzzRegion() {
        registry.register(NAME, object.key(), OFFSET, SIZE);
    }

    public SharedMemoryRegions registry() {
        return registry;
    }

    /** The object's key, as a client registers it. */
    public String key() {
        return object.key();
    }

    @Override
    public void close() {
        registry.unregisterAll();
        object.close();
    }
}
