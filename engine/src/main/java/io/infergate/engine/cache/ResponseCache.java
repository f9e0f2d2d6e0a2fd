package io.infergate.engine.cache;

import io.infergate.engine.api.InferenceResponse;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Triton's local response cache: one per server, shared by every model that enables
 * {@code response_cache}, holding at most {@code capacityBytes} of entries. When an insertion
 * would go beyond it, the least recently used entries leave; an entry larger than the whole cache
 * is not stored. Safe from any thread: one lock, held for the map operations only (copying a
 * response happens before it is taken).
 */
public final class ResponseCache {
    private final long capacityBytes;
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock; in access order, least recently used first.
    private final LinkedHashMap<CacheKey, CachedResponse> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long usedBytes;
    private long evictions;
    /** Tells apart each load of a model version, so a reload never answers from the old files' entries. */
    private final AtomicLong generations = new AtomicLong();

    public ResponseCache(long capacityBytes) {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("cache size must be positive, got " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
    }

    /** The view of the cache one loaded model version uses; each call is a new generation. */
    public ModelResponseCache forVersion(String model, String version) {
        return new ModelResponseCache(this, generations.incrementAndGet(), model, version);
    }

    CachedResponse lookup(CacheKey key) {
        lock.lock();
        try {
            return entries.get(key);
        } finally {
            lock.unlock();
        }
    }

    /** Stores a response unless the key is already there (an identical request raced it) or it is too large. */
    void insert(CacheKey key, InferenceResponse response) {
        if (CachedResponse.sizeOf(response) > capacityBytes) {
            return;
        }
        CachedResponse entry = CachedResponse.copyOf(response);
        lock.lock();
        try {
            if (entries.putIfAbsent(key, entry) != null) {
                return;
            }
            usedBytes += entry.byteSize();
            Iterator<Map.Entry<CacheKey, CachedResponse>> eldest = entries.entrySet().iterator();
            while (usedBytes > capacityBytes) {
                usedBytes -= eldest.next().getValue().byteSize();
                eldest.remove();
                evictions++;
            }
        } finally {
            lock.unlock();
        }
    }

    /** A consistent view of the cache's occupancy. */
    public Occupancy occupancy() {
        lock.lock();
        try {
            return new Occupancy(entries.size(), usedBytes, capacityBytes, evictions);
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param entries       responses held
     * @param usedBytes     bytes they hold, as counted against the capacity
     * @param capacityBytes the configured size
     * @param evictions     entries removed to make room since start
     */
    public record Occupancy(long entries, long usedBytes, long capacityBytes, long evictions) {
    }
}
