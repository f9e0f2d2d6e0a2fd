package io.infergate.gateway.cluster;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelStatistics;
import io.infergate.gateway.cluster.NodeState.ServedVersion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * This node's picture of the cluster's workers: the latest state each published. Replaced whole
 * on every change, so readers on any thread need no locks.
 */
final class ClusterView {
    private static final String READY = "READY";
    private volatile Map<String, NodeState> nodes = Map.of();

    /** Takes a worker's newer state; a worker that serves and lists nothing is left out. */
    synchronized void put(NodeState state) {
        Map<String, NodeState> next = new HashMap<>(nodes);
        if (state.index().isEmpty() && state.served().isEmpty()) {
            next.remove(state.nodeId());
        } else {
            next.put(state.nodeId(), state);
        }
        nodes = Map.copyOf(next);
    }

    synchronized void remove(String nodeId) {
        Map<String, NodeState> next = new HashMap<>(nodes);
        next.remove(nodeId);
        nodes = Map.copyOf(next);
    }

    /** Drops the nodes that are no longer members. */
    synchronized void retain(Set<String> members) {
        Map<String, NodeState> next = new HashMap<>(nodes);
        next.keySet().retainAll(members);
        nodes = Map.copyOf(next);
    }

    Collection<NodeState> workers() {
        return nodes.values();
    }

    /** Workers on which the model (and version, "" for any) is ready, sorted by node id. */
    List<String> readyWorkers(String model, String version) {
        return nodes.values().stream()
                .filter(node -> node.served().stream().anyMatch(v -> matches(v, model, version)))
                .map(NodeState::nodeId)
                .sorted()
                .toList();
    }

    /** Workers whose repositories list the model, in any state (never loaded included). */
    List<String> workersListing(String model) {
        return workers(entry -> entry.name().equals(model));
    }

    /** Workers that tried to load the model: it has a state there (ready or not), not only a name. */
    List<String> workersThatLoaded(String model) {
        return workers(entry -> entry.name().equals(model) && !entry.state().isEmpty());
    }

    private List<String> workers(Predicate<ModelIndexEntry> listing) {
        return nodes.values().stream()
                .filter(node -> node.index().stream().anyMatch(listing))
                .map(NodeState::nodeId)
                .sorted()
                .toList();
    }

    /**
     * The ready version a request for (model, version) reaches: the given one, or the highest
     * ready anywhere; NOT_FOUND when no worker has it ready.
     */
    ServedVersion served(String model, String version) {
        return nodes.values().stream()
                .flatMap(node -> node.served().stream())
                .filter(v -> matches(v, model, version))
                .max(Comparator.comparingLong(v -> versionNumber(v.version())))
                .orElseThrow(() -> InferenceException.unknownModel(model, version));
    }

    /** Ready versions of the model over all workers, ascending. */
    List<String> readyVersions(String model) {
        Set<Long> versions = new TreeSet<>();
        nodes.values().forEach(node -> node.served().stream().filter(v -> v.name().equals(model))
                .forEach(v -> versions.add(versionNumber(v.version()))));
        return versions.stream().map(String::valueOf).toList();
    }

    /**
     * The cluster's repository index: one row per model version; READY when any worker has it
     * ready, else the state and reasons the workers give.
     */
    List<ModelIndexEntry> index(boolean readyOnly) {
        Map<String, List<ModelIndexEntry>> rows = new TreeMap<>();
        for (NodeState node : nodes.values()) {
            for (ModelIndexEntry entry : node.index()) {
                rows.computeIfAbsent(entry.name() + "\u0000" + entry.version(), k -> new ArrayList<>()).add(entry);
            }
        }
        List<ModelIndexEntry> index = new ArrayList<>();
        for (List<ModelIndexEntry> row : rows.values()) {
            ModelIndexEntry first = row.getFirst();
            if (row.stream().anyMatch(entry -> READY.equals(entry.state()))) {
                index.add(new ModelIndexEntry(first.name(), first.version(), READY, ""));
            } else if (!readyOnly) {
                String reasons = String.join("; ", row.stream().map(ModelIndexEntry::reason)
                        .filter(reason -> !reason.isEmpty()).distinct().toList());
                index.add(new ModelIndexEntry(first.name(), first.version(), first.state(), reasons));
            }
        }
        index.sort(Comparator.comparing(ModelIndexEntry::name).thenComparingLong(e -> versionNumber(e.version())));
        return index;
    }

    /** Models some worker tried to load of which no worker has a ready version (never loaded ones do not count). */
    List<String> modelsWithoutReadyWorker() {
        Map<String, Boolean> ready = new TreeMap<>();
        for (ModelIndexEntry entry : index(false)) {
            if (!entry.state().isEmpty()) {
                ready.merge(entry.name(), READY.equals(entry.state()), Boolean::logicalOr);
            }
        }
        return ready.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
    }

    /** Statistics summed over workers, per ready version; empty model means every model. */
    List<ModelStatistics> statistics(String model, String version) {
        Map<String, List<ModelStatistics>> parts = new TreeMap<>();
        byNode(model, version).values().forEach(list -> list.forEach(s -> parts
                .computeIfAbsent(s.name() + "\u0000" + String.format("%020d", versionNumber(s.version())),
                        k -> new ArrayList<>())
                .add(s)));
        if (model != null && !model.isEmpty() && parts.isEmpty()) {
            throw InferenceException.unknownModel(model, version);
        }
        return parts.values().stream().map(StatisticsSum::of).toList();
    }

    /** Each worker's own statistics of the matching ready versions, by node id. */
    Map<String, List<ModelStatistics>> byNode(String model, String version) {
        Map<String, List<ModelStatistics>> byNode = new LinkedHashMap<>();
        nodes.values().stream().sorted(Comparator.comparing(NodeState::nodeId)).forEach(node -> byNode.put(
                node.nodeId(), node.served().stream()
                        .filter(v -> model == null || model.isEmpty() || matches(v, model, version))
                        .map(ServedVersion::statistics)
                        .toList()));
        return byNode;
    }

    Optional<NodeState> worker(String nodeId) {
        return Optional.ofNullable(nodes.get(nodeId));
    }

    private static boolean matches(ServedVersion served, String model, String version) {
        return served.name().equals(model) && (version == null || version.isEmpty() || served.version().equals(version));
    }

    private static long versionNumber(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
