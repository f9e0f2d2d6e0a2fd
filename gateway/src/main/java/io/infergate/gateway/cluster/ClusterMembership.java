package io.infergate.gateway.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The Hazelcast members of the cluster as this node sees them. A member that leaves (shut down,
 * killed, cut off) is logged, remembered for the readiness answer, and reported to the listeners
 * on this node's context, so the requests it held fail at once instead of waiting for a timeout.
 * A Vert.x node id is a Hazelcast member attribute.
 */
final class ClusterMembership implements MembershipListener {
    private static final Logger LOG = Logger.getLogger(ClusterMembership.class.getName());
    private static final int LOSSES_KEPT = 10;
    /** Where vertx-hazelcast keeps a member's Vert.x node id. */
    private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

    private final HazelcastClusterManager manager;
    private final Context context;
    private final List<Consumer<String>> leftListeners = new CopyOnWriteArrayList<>();
    private final Deque<String> recentLosses = new ArrayDeque<>();
    private final AtomicInteger partitionsLost = new AtomicInteger();
    private UUID registration;

    private ClusterMembership(HazelcastClusterManager manager, Context context) {
        this.manager = manager;
        this.context = context;
    }

    /** Listens to the membership of the cluster this Vert.x joined through the manager. */
    static ClusterMembership of(Vertx vertx, HazelcastClusterManager manager) {
        ClusterMembership membership = new ClusterMembership(manager, vertx.getOrCreateContext());
        membership.registration = manager.getHazelcastInstance().getCluster().addMembershipListener(membership);
        // The map's own listener: it fires only when every copy of a partition of the states is
        // gone. The partition service's fires for each partition whose owner left, backups or not.
        manager.getHazelcastInstance().getMap(ClusterAddresses.STATE_MAP).addPartitionLostListener(event -> {
            LOG.warning("cluster data partition " + event.getPartitionId() + " of the published worker states lost"
                    + " (the members holding its copies left); nodes keep the worker states they have, workers"
                    + " publish again on their next change");
            membership.partitionsLost.incrementAndGet();
        });
        return membership;
    }

    String localNodeId() {
        return manager.getNodeId();
    }

    Set<String> members() {
        return Set.copyOf(manager.getNodes());
    }

    boolean isMember(String nodeId) {
        return manager.getNodes().contains(nodeId);
    }

    /** Runs on this node's context whenever a member leaves, with its node id. */
    void onMemberLeft(Consumer<String> listener) {
        leftListeners.add(listener);
    }

    /** The latest member losses, oldest first, each with its time, and how many data partitions were lost. */
    synchronized List<String> recentLosses() {
        List<String> losses = new ArrayList<>(recentLosses);
        if (partitionsLost.get() > 0) {
            losses.add(partitionsLost.get() + " cluster data partitions lost since start-up (see the log)");
        }
        return losses;
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        LOG.info("cluster member joined: " + event.getMember().getAttribute(NODE_ID_ATTRIBUTE) + " at " + event.getMember().getAddress());
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        String nodeId = event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
        LOG.warning("cluster member left: " + nodeId + " at " + event.getMember().getAddress()
                + "; its in-flight stateless requests go to other workers, the others fail UNAVAILABLE");
        remember("member " + nodeId + " (" + event.getMember().getAddress() + ") left");
        context.runOnContext(v -> leftListeners.forEach(listener -> listener.accept(nodeId)));
    }

    private synchronized void remember(String loss) {
        recentLosses.addLast(loss + " at " + Instant.now());
        while (recentLosses.size() > LOSSES_KEPT) {
            recentLosses.removeFirst();
        }
    }

    void close() {
        if (registration != null && manager.isActive()) {
            manager.getHazelcastInstance().getCluster().removeMembershipListener(registration);
        }
    }
}
