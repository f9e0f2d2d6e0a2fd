package io.infergate.engine.cache;

import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;

/** One loaded model version's use of the shared {@link ResponseCache}. */
public final class ModelResponseCache {
    private final ResponseCache cache;
    private final long generation;
    private final String model;
    private final String version;

    ModelResponseCache(ResponseCache cache, long generation, String model, String version) {
        this.cache = cache;
        this.generation = generation;
        this.model = model;
        this.version = version;
    }

    /** Looks a request up: a hit carries the answer (with this request's id), a miss the key to insert under. */
    public Lookup lookup(InferenceRequest request) {
        CacheKey key = CacheKey.of(generation, request);
        CachedResponse cached = cache.lookup(key);
        return new Lookup(key, cached == null ? null : cached.answer(request.id(), model, version));
    }

    /** Stores the successful response to a request that missed. */
    public void insert(Lookup miss, InferenceResponse response) {
        cache.insert(miss.key, response);
    }

    /** The outcome of a lookup. */
    public static final class Lookup {
        private final CacheKey key;
        private final InferenceResponse hit;

        private Lookup(CacheKey key, InferenceResponse hit) {
            this.key = key;
            this.hit = hit;
        }

        /** The cached answer, or null on a miss. */
        public InferenceResponse hit() {
            return hit;
        }
    }
}
