package io.infergate.engine.ratelimit;

import io.infergate.engine.config.proto.ModelConfigProto.ModelRateLimiter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server's rate limiter. Each model instance registers the resources its instance group's
 * {@code rate_limiter} names and asks for them before each execution; it runs once they are all
 * free and gives them back when the execution ends. Instances that wait are served in order of a
 * virtual time that grows by their priority (0 counts as 1) at each grant, so an instance of
 * priority 2 gets half the turns of one of priority 1 when both keep waiting (Triton: "higher
 * values get fewer scheduling chances"). The first in that order blocks those behind it, so that
 * an instance asking for much is not starved by ones asking for little.
 *
 * <p>Resources are Triton's: {@code global} ones have one pool for the server, the others one per
 * device; every instance here runs on the CPU, device 0. A resource's count is the one
 * {@code --rate-limit-resource} gives (for device 0, else for all devices), else, as in Triton,
 * the most that any registered instance asks for. Thread-safe; grant callbacks run outside the
 * limiter's lock.
 */
public final class RateLimiter {
    private static final System.Logger LOG = System.getLogger(RateLimiter.class.getName());
    /** The device every instance runs on here: the CPU, device 0 in Triton's numbering. */
    public static final int CPU_DEVICE = 0;

    /** A pool: the server-wide one for global resources, or the CPU device's. */
    private record Resource(String name, boolean global) {
        @Override
        public String toString() {
            return (global ? "global resource '" : "resource '") + name + "'";
        }
    }

    private final Map<String, Long> provided;
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private final Map<Resource, Long> inUse = new HashMap<>();
    /** How many registered instances ask for each count of each resource: its default capacity is the largest. */
    private final Map<Resource, TreeMap<Long, Integer>> asked = new HashMap<>();
    private final TreeSet<Claimant> waiting = new TreeSet<>(
            Comparator.comparingLong((Claimant c) -> c.pass).thenComparingLong(c -> c.id));
    private long virtualTime;
    private long nextId;

    /** A limiter with the counts {@code --rate-limit-resource} gives the CPU device, by resource name. */
    public RateLimiter(Map<String, Long> counts) {
        this.provided = Map.copyOf(counts);
    }

    /**
     * Registers an instance that needs these resources for each execution.
     *
     * @param owner names the instance in messages, such as "model 'm' instance 0"
     * @throws RateLimitException when it asks for more of a resource than the server has, or
     *                            names one resource both global and per device
     */
    public Claimant register(String owner, ModelRateLimiter spec) throws RateLimitException {
        Map<Resource, Long> needs = new HashMap<>();
        Map<String, Boolean> scope = new HashMap<>();
        for (ModelRateLimiter.Resource resource : spec.getResourcesList()) {
            Boolean other = scope.put(resource.getName(), resource.getGlobal());
            if (other != null && other != resource.getGlobal()) {
                throw new RateLimitException(owner + " names resource '" + resource.getName()
                        + "' both global and per device");
            }
            needs.merge(new Resource(resource.getName(), resource.getGlobal()), (long) resource.getCount(), Long::sum);
        }
        lock.lock();
        try {
            for (Map.Entry<Resource, Long> need : needs.entrySet()) {
                check(owner, need.getKey(), need.getValue());
            }
            needs.forEach((resource, count) -> asked.computeIfAbsent(resource, r -> new TreeMap<>())
                    .merge(count, 1, Integer::sum));
            return new Claimant(nextId++, owner, needs, Math.max(1, spec.getPriority()));
        } finally {
            lock.unlock();
        }
    }

    /** Called holding the lock: refuses what can never be granted, logs a count taken by default. */
    private void check(String owner, Resource resource, long count) throws RateLimitException {
        boolean inOtherScope = asked.containsKey(new Resource(resource.name(), !resource.global()));
        if (inOtherScope) {
            throw new RateLimitException(owner + " names resource '" + resource.name() + "' "
                    + (resource.global() ? "global" : "per device") + ", another loaded instance names it "
                    + (resource.global() ? "per device" : "global"));
        }
        Long limit = provided.get(resource.name());
        if (limit != null && count > limit) {
            throw new RateLimitException(owner + " needs " + count + " of " + resource + " but"
                    + " --rate-limit-resource gives " + limit + ": it could never execute");
        }
        if (limit == null && !asked.containsKey(resource)) {
            LOG.log(System.Logger.Level.INFO, resource + " has no --rate-limit-resource count: it has as many"
                    + " copies as the most any loaded instance asks for (" + owner + " asks for " + count + ")");
        }
    }

    private long capacity(Resource resource) {
        Long limit = provided.get(resource.name());
        if (limit != null) {
            return limit;
        }
        TreeMap<Long, Integer> counts = asked.get(resource);
        return counts == null ? 0 : counts.lastKey();
    }

    private boolean fits(Claimant claimant) {
        for (Map.Entry<Resource, Long> need : claimant.needs.entrySet()) {
            if (inUse.getOrDefault(need.getKey(), 0L) + need.getValue() > capacity(need.getKey())) {
                return false;
            }
        }
        return true;
    }

    /** Called holding the lock: grants waiting claimants in order while the first of them fits. */
    private List<Runnable> grantInOrder() {
        List<Runnable> granted = new ArrayList<>();
        while (!waiting.isEmpty() && fits(waiting.first())) {
            Claimant next = waiting.pollFirst();
            next.state = Claimant.State.HOLDING;
            next.needs.forEach((resource, count) -> inUse.merge(resource, count, Long::sum));
            virtualTime = next.pass;
            next.pass += next.priority;
            if (next.onGrant != null) {
                granted.add(next.onGrant);
                next.onGrant = null;
            }
        }
        return granted;
    }

    private static void run(List<Runnable> callbacks) {
        callbacks.forEach(Runnable::run);
    }

    /** One instance's standing with the limiter. */
    public final class Claimant {
        private enum State { IDLE, WAITING, HOLDING, GONE }

        private final long id;
        private final String owner;
        private final Map<Resource, Long> needs;
        private final long priority;
        // Guarded by the limiter's lock.
        private State state = State.IDLE;
        private long pass;
        private Runnable onGrant;

        private Claimant(long id, String owner, Map<Resource, Long> needs, long priority) {
            this.id = id;
            this.owner = owner;
            this.needs = Map.copyOf(needs);
            this.priority = priority;
        }

        /**
         * Asks for the resources for one execution: true when they are held now; otherwise the
         * claimant waits and {@code onGrant} runs once they are (on the thread that freed them,
         * outside the limiter's lock; it must not block). Asking again while waiting or holding
         * changes nothing.
         */
        public boolean request(Runnable onGrant) {
            List<Runnable> others;
            boolean held;
            lock.lock();
            try {
                if (state == State.HOLDING) {
                    return true;
                }
                if (state != State.IDLE) {
                    return false;
                }
                state = State.WAITING;
                pass = Math.max(pass, virtualTime);
                waiting.add(this);
                others = grantInOrder();
                held = state == State.HOLDING;
                if (!held) {
                    this.onGrant = onGrant;
                }
            } finally {
                lock.unlock();
            }
            run(others);
            return held;
        }

        /** Whether this claimant holds its resources (granted and not yet released). */
        public boolean holds() {
            return is(State.HOLDING);
        }

        /** Whether this claimant waits for its resources. */
        public boolean waits() {
            return is(State.WAITING);
        }

        private boolean is(State expected) {
            lock.lock();
            try {
                return state == expected;
            } finally {
                lock.unlock();
            }
        }

        /** Gives the resources back after an execution (nothing when not held). */
        public void release() {
            List<Runnable> granted;
            lock.lock();
            try {
                if (state != State.HOLDING) {
                    return;
                }
                free();
                state = State.IDLE;
                granted = grantInOrder();
            } finally {
                lock.unlock();
            }
            run(granted);
        }

        /** The instance is closing: its resources and its place in line go, its counts no longer size the pools. */
        public void unregister() {
            List<Runnable> granted;
            lock.lock();
            try {
                if (state == State.GONE) {
                    return;
                }
                if (state == State.HOLDING) {
                    free();
                }
                waiting.remove(this);
                state = State.GONE;
                onGrant = null;
                needs.forEach((resource, count) -> {
                    TreeMap<Long, Integer> counts = asked.get(resource);
                    if (counts.merge(count, -1, Integer::sum) == 0) {
                        counts.remove(count);
                    }
                    if (counts.isEmpty()) {
                        asked.remove(resource);
                    }
                });
                granted = grantInOrder();
            } finally {
                lock.unlock();
            }
            run(granted);
        }

        /** Called holding the lock. */
        private void free() {
            needs.forEach((resource, count) -> inUse.merge(resource, -count, Long::sum));
        }

        @Override
        public String toString() {
            return owner;
        }
    }
}
