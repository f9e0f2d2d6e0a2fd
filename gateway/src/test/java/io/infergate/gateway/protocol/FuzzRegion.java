package io.infergate.gateway.protocol;

import io.infergate.engine.SystemSharedMemory;
import io.infergate.engine.api.SharedMemoryRegions;
import io.infergate.testsupport.ShmObject;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For the fuzz tests whose inputs name shared memory: before the test class, a registry with client
 * shared memory on and one real region, {@value #NAME}: {@value #SIZE} bytes at offset
 * {@value #OFFSET} of a shared-memory object; after it, everything unregistered and the object
 * deleted. A test class holds one in a static {@code @RegisterExtension} field.
 */
public final class FuzzRegion implements BeforeAllCallback, AfterAllCallback {
    public static final String NAME = "fuzz";
    public static final long OFFSET = 1024;
    public static final long SIZE = 1024;

    private ShmObject object;
    private SharedMemoryRegions registry;

    @Override
    public void beforeAll(ExtensionContext context) {
        object = ShmObject.create("fuzz-region", 4096);
        registry = SystemSharedMemory.create(true);
        registry.register(NAME, object.key(), OFFSET, SIZE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        registry.unregisterAll();
        object.close();
    }

    public SharedMemoryRegions registry() {
        return registry;
    }

    /** The object's key, as a client registers it. */
    public String key() {
        return object.key();
    }
}
