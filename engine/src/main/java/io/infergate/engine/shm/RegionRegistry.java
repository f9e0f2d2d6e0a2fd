package io.infergate.engine.shm;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.SharedMemoryLease;
import io.infergate.engine.api.SharedMemoryRegionStatus;
import io.infergate.engine.api.SharedMemoryRegions;
import io.infergate.engine.api.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The regions registered on this node, by name. The lock guards the map and the holder counts
 * taken through it; mapping a new region happens under it too (registering is rare, and a name
 * must not be taken twice).
 */
public final class RegionRegistry implements SharedMemoryRegions {
    /** Each region keeps a descriptor open: a bound keeps a client from exhausting the server's. */
    public static final int MAX_REGIONS = 1024;
    static final String DISABLED = "system shared memory is disabled on this server: start it with"
            + " --allow-client-shm=true to let clients use shared-memory regions";

    private final boolean enabled;
    private final String node;
    private final Map<String, MappedRegion> regions = new TreeMap<>();

    /**
     * @param enabled whether clients may register regions ({@code --allow-client-shm})
     * @param node    this node's id in a cluster, named when a request names a region it lacks; "" alone
     */
    public RegionRegistry(boolean enabled, String node) {
        this.enabled = enabled;
        this.node = node == null ? "" : node;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public void register(String name, String key, long offset, long byteSize) {
        if (!enabled) {
            throw new InferenceException(Status.UNAVAILABLE, DISABLED);
        }
        if (name == null || name.isEmpty()) {
            throw invalid("a shared memory region needs a name");
        }
        synchronized (this) {
            if (regions.containsKey(name)) {
                throw new InferenceException(Status.ALREADY_EXISTS, "shared memory region '" + name
                        + "' already in manager");
            }
            if (regions.size() >= MAX_REGIONS) {
                throw new InferenceException(Status.UNAVAILABLE, "failed to register shared memory region '" + name
                        + "': " + MAX_REGIONS + " regions are registered already, the most this server keeps;"
                        + " unregister some first");
            }
            regions.put(name, MappedRegion.map(name, key, offset, byteSize));
        }
    }

    @Override
    public void unregister(String name) {
        MappedRegion region;
        synchronized (this) {
            region = regions.remove(name);
        }
        if (region != null) {
            region.release();
        }
    }

    @Override
    public void unregisterAll() {
        List<MappedRegion> all;
        synchronized (this) {
            all = new ArrayList<>(regions.values());
            regions.clear();
        }
        all.forEach(MappedRegion::release);
    }

    @Override
    public synchronized List<SharedMemoryRegionStatus> status(String name) {
        if (name == null || name.isEmpty()) {
            return regions.values().stream().map(MappedRegion::status).toList();
        }
        MappedRegion region = regions.get(name);
        if (region == null) {
            throw new InferenceException(Status.NOT_FOUND, "Unable to find system shared memory region: '" + name + "'");
        }
        return List.of(region.status());
    }

    @Override
    public SharedMemoryLease acquire(String name) {
        if (!enabled) {
            throw new InferenceException(Status.UNAVAILABLE, DISABLED);
        }
        synchronized (this) {
            MappedRegion region = regions.get(name);
            if (region == null) {
                throw new InferenceException(Status.NOT_FOUND, "Unable to find shared memory region: '" + name + "'"
                        + (node.isEmpty() ? "" : " on cluster node " + node
                                + " (a region is used only on the node that registered it)"));
            }
            region.hold();
            return new RegionLease(region);
        }
    }
}
