package io.infergate.engine.scheduler;

import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInstanceGroup;
import io.infergate.engine.config.proto.ModelConfigProto.ModelRateLimiter;
import io.infergate.engine.ratelimit.RateLimitException;
import io.infergate.engine.ratelimit.RateLimiter;
import io.infergate.engine.ratelimit.RateLimiter.Claimant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model version's instances before the rate limiter: which instance may start the next batch.
 * An instance whose group names no resources is never limited. Used under the scheduler's lock.
 */
final class InstanceClaims {
    private final Map<ModelInstance, Claimant> claims;

    private InstanceClaims(Map<ModelInstance, Claimant> claims) {
        this.claims = claims;
    }

    /**
     * Registers every instance whose group's {@code rate_limiter} names resources (instances are
     * created group after group, {@code count} of each, at least one).
     *
     * @throws RateLimitException when the limiter can never give one of them its resources
     */
    static InstanceClaims register(RateLimiter limiter, String model, ModelConfig config, List<ModelInstance> instances)
            throws RateLimitException {
        Map<ModelInstance, Claimant> claims = new IdentityHashMap<>();
        int index = 0;
        try {
            for (ModelInstanceGroup group : config.getInstanceGroupList()) {
                ModelRateLimiter spec = group.getRateLimiter();
                for (int i = 0; i < Math.max(1, group.getCount()) && index < instances.size(); i++, index++) {
                    if (spec.getResourcesCount() > 0) {
                        claims.put(instances.get(index),
                                limiter.register("model '" + model + "' instance " + index, spec));
                    }
                }
            }
        } catch (RateLimitException e) {
            claims.values().forEach(Claimant::unregister);
            throw e;
        }
        return new InstanceClaims(claims);
    }

    /**
     * The idle instance to run the next batch on, taken out of {@code idle}: one that holds its
     * resources, else the first one if it is not limited or gets them now. Null when the batch
     * must wait for the limiter, which runs {@code onGrant} once an instance of this version holds
     * its resources. Only one instance of a version waits at a time.
     */
    ModelInstance take(ArrayDeque<ModelInstance> idle, Runnable onGrant) {
        for (ModelInstance instance : idle) {
            Claimant claim = claims.get(instance);
            if (claim == null || claim.holds()) {
                idle.remove(instance);
                return instance;
            }
        }
        for (ModelInstance instance : idle) {
            if (claims.get(instance).waits()) {
                return null;
            }
        }
        ModelInstance first = idle.peek();
        if (claims.get(first).request(onGrant)) {
            idle.poll();
            return first;
        }
        return null;
    }

    /** The execution on this instance ended: its resources go back. */
    void release(ModelInstance instance) {
        Claimant claim = claims.get(instance);
        if (claim != null) {
            claim.release();
        }
    }

    /** Nothing is ready to run: idle instances give back resources granted to them meanwhile. */
    void releaseIdle(ArrayDeque<ModelInstance> idle) {
        idle.forEach(this::release);
    }

    /** The version is closing. */
    void unregisterAll() {
        new ArrayList<>(claims.values()).forEach(Claimant::unregister);
    }
}
