package io.infergate.engine.api;

import java.util.List;

/**
 * Triton's system shared-memory extension as the engine keeps it: regions of POSIX shared-memory
 * objects ({@code /dev/shm/<key>}) that a client registered by name, which a request's inputs are
 * read from and its outputs written into. One registry per server node: a region exists only on
 * the node that registered it, and only that node reads or writes it.
 *
 * <p>Failures are {@link InferenceException}s with Triton's statuses: NOT_FOUND for an unknown
 * region, ALREADY_EXISTS for a name in use, INVALID_ARG for a bad key, offset or size, and
 * UNAVAILABLE for registering while client shared memory is not allowed. Register and unregister
 * open, map and unmap files: call them off the event loop.
 */
public interface SharedMemoryRegions {

    /** Whether clients may register regions (the server's {@code --allow-client-shm}). */
    boolean enabled();

    /** Maps {@code byteSize} bytes of the object {@code key} from {@code offset} under {@code name}. */
    void register(String name, String key, long offset, long byteSize);

    /**
     * Forgets a region: new requests no longer find it, and its memory is unmapped once the
     * requests that use it have finished. An unknown name is not an error (as in Triton).
     */
    void unregister(String name);

    /** Unregisters every region. */
    void unregisterAll();

    /** The region of that name, or every region (sorted by name) when {@code name} is empty. */
    List<SharedMemoryRegionStatus> status(String name);

    /**
     * Holds a region for one request until the lease is closed: its memory stays mapped even if it
     * is unregistered meanwhile.
     */
    SharedMemoryLease acquire(String name);
}
