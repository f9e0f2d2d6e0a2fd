package io.infergate.gateway.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The worker-state feed: keeps this node's {@link ClusterView} up to date from the states the
 * workers publish (the topic, and the cluster-wide map re-read now and then for whatever a topic
 * message missed), and tells who listens when a worker has left.
 */
final class WorkerStates {
    /** How often the published states are re-read, for whatever a topic message missed. */
    private static final long REFRESH_INTERVAL_MS = 2_000;

    private final Vertx vertx;
    private final ClusterMembership membership;
    private final ClusterView view = new ClusterView();
    /** Workers that announced their orderly stop and have not left yet. */
    private final Set<String> withdrawn = ConcurrentHashMap.newKeySet();
    private final List<BiConsumer<String, Boolean>> leftListeners = new CopyOnWriteArrayList<>();
    private MessageConsumer<JsonObject> consumer;
    private AsyncMap<String, JsonObject> states;
    private long refreshTimer = -1;

    private WorkerStates(Vertx vertx, ClusterMembership membership) {
        this.vertx = vertx;
        this.membership = membership;
    }

    /** Listens to the workers' states; completes once the published ones have been read. */
    static Future<WorkerStates> start(Vertx vertx, ClusterMembership membership) {
        WorkerStates feed = new WorkerStates(vertx, membership);
        membership.onMemberLeft(feed::workerLeft);
        feed.consumer = vertx.eventBus().consumer(ClusterAddresses.STATE_TOPIC, message -> feed.accept(message.body()));
        return feed.consumer.completion()
                .compose(v -> vertx.sharedData().<String, JsonObject>getAsyncMap(ClusterAddresses.STATE_MAP))
                .compose(map -> {
                    feed.states = map;
                    return feed.refresh();
                })
                .map(v -> {
                    feed.refreshTimer = vertx.setPeriodic(REFRESH_INTERVAL_MS, id -> feed.refresh());
                    return feed;
                });
    }

    ClusterView view() {
        return view;
    }

    /**
     * Runs on this node's context whenever a worker left, with its node id and whether it had
     * withdrawn first (an orderly stop: it took no request after that).
     */
    void onWorkerLeft(BiConsumer<String, Boolean> listener) {
        leftListeners.add(listener);
    }

    private Future<Void> refresh() {
        return states.entries().map(entries -> {
            entries.values().forEach(this::accept);
            view.retain(membership.members());
            return null;
        });
    }

    private void accept(JsonObject published) {
        NodeState state = NodeStateJson.read(published);
        if (state.index().isEmpty() && state.served().isEmpty()) {
            // a worker stopping in order: it takes no request from now on
            withdrawn.add(state.nodeId());
            view.remove(state.nodeId());
        }
        if (membership.isMember(state.nodeId()) && !withdrawn.contains(state.nodeId())) {
            view.put(state);
        }
    }

    private void workerLeft(String nodeId) {
        boolean withdrewFirst = withdrawn.remove(nodeId);
        view.remove(nodeId);
        leftListeners.forEach(listener -> listener.accept(nodeId, withdrewFirst));
        if (states != null) {
            states.remove(nodeId);
        }
    }

    /** Stops listening. */
    Future<Void> close() {
        vertx.cancelTimer(refreshTimer);
        return consumer.unregister();
    }
}
