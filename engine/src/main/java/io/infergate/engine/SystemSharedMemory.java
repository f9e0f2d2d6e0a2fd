package io.infergate.engine;

import io.infergate.engine.api.SharedMemoryRegions;
import io.infergate.engine.shm.RegionRegistry;

/** Creates a node's registry of system shared-memory regions (Triton's extension), which the frontends use. */
public final class SystemSharedMemory {
    private SystemSharedMemory() {
    }

    /** The registry of a server on its own; clients may register regions when {@code allowClientShm}. */
    public static SharedMemoryRegions create(boolean allowClientShm) {
        return new RegionRegistry(allowClientShm, "");
    }

    /** The registry of one cluster node: a request naming a region this node lacks is told which node it reached. */
    public static SharedMemoryRegions forClusterNode(boolean allowClientShm, String nodeId) {
        return new RegionRegistry(allowClientShm, nodeId);
    }
}
