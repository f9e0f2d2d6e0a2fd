package io.infergate.engine.api;

import java.nio.ByteBuffer;

/**
 * One request's hold on a shared-memory region ({@link SharedMemoryRegions#acquire}). Reads and
 * writes are checked against the region and against the object's size at that moment, so a
 * client that shrinks or truncates its object gets an INVALID_ARG, never a crashed server.
 */
public interface SharedMemoryLease extends AutoCloseable {

    /** The region's name. */
    String region();

    /** The region's size in bytes. */
    long byteSize();

    /**
     * INVALID_ARG naming {@code owner} unless {@code [offset, offset + byteSize)} lies within the
     * region (both non-negative, no overflow): what a request checks before the model runs.
     */
    void checkWithin(String owner, long offset, long byteSize);

    /**
     * A copy of {@code byteSize} bytes from {@code offset} in the region, in a little-endian
     * buffer that belongs to the request (the mapping itself never leaves the registry).
     *
     * @param owner the tensor the bytes are for, for messages: "input 'INPUT0'"
     */
    ByteBuffer read(String owner, long offset, long byteSize);

    /**
     * Writes {@code data} (position to limit) at {@code offset} in the region, within
     * {@code capacity} bytes the client set aside there.
     *
     * @param owner the tensor the bytes come from, for messages: "output 'OUTPUT0'"
     */
    void write(String owner, long offset, long capacity, ByteBuffer data);

    /** Lets the region go; the last holder of an unregistered region unmaps it. Idempotent. */
    @Override
    void close();
}
