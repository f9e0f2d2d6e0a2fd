package io.infergate.engine.api;

/**
 * A registered system shared-memory region as Triton's status reports it.
 *
 * @param name     the name the client registered it under
 * @param key      the shared-memory object, as the client gave it (such as {@code /input_data})
 * @param offset   where the region starts in the object, in bytes
 * @param byteSize the region's size in bytes
 */
public record SharedMemoryRegionStatus(String name, String key, long offset, long byteSize) {
}
