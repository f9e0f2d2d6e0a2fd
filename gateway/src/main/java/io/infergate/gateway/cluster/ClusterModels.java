package io.infergate.gateway.cluster;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelLoadOverrides;
import io.infergate.engine.api.ModelMetadata;
import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.api.Status;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's models: health, metadata, configuration, index and statistics from the workers'
 * published states, and the control fan-out that sends a load or unload to the workers.
 */
final class ClusterModels implements ModelCatalog {
    /** Loading a model may take minutes (large files, compilation). */
    private static final long CONTROL_TIMEOUT_MS = 600_000;

    private final Vertx vertx;
    private final ClusterMembership membership;
    private final ClusterView view;
    private final boolean strictReadiness;
    private volatile boolean closed;

    ClusterModels(Vertx vertx, ClusterMembership membership, ClusterView view, boolean strictReadiness) {
        this.vertx = vertx;
        this.membership = membership;
        this.view = view;
        this.strictReadiness = strictReadiness;
    }

    @Override
    public boolean isLive() {
        return !closed;
    }

    @Override
    public boolean isReady() {
        return !closed && !view.workers().isEmpty() && (!strictReadiness || view.modelsWithoutReadyWorker().isEmpty());
    }

    /** Why the cluster may not serve everything, and the latest member losses; for GET /v2/health/ready. */
    public List<String> readinessIssues() {
        List<String> issues = new ArrayList<>();
        if (view.workers().isEmpty()) {
            issues.add("no worker has joined the cluster");
        }
        view.modelsWithoutReadyWorker().forEach(model -> issues.add("model '" + model + "' has no ready worker"));
        issues.addAll(membership.recentLosses());
        return issues;
    }

    @Override
    public boolean isModelReady(String model, String version) {
        return !view.readyWorkers(model, version).isEmpty();
    }

    @Override
    public ModelMetadata metadata(String model, String version) {
        ModelMetadata metadata = view.served(model, version).metadata();
        List<String> versions = version == null || version.isEmpty() ? view.readyVersions(model) : List.of(version);
        return new ModelMetadata(metadata.name(), versions, metadata.platform(), metadata.inputs(), metadata.outputs());
    }

    @Override
    public ModelConfig config(String model, String version) {
        return view.served(model, version).config();
    }

    @Override
    public List<ModelIndexEntry> index(boolean readyOnly) {
        return view.index(readyOnly);
    }

    @Override
    public List<ModelStatistics> statistics(String model, String version) {
        return view.statistics(model, version);
    }

    @Override
    public Future<Void> load(String model, ModelLoadOverrides overrides) {
        return control(model, WorkerEndpoint.loadCommand(model, overrides == null ? ModelLoadOverrides.NONE : overrides));
    }

    @Override
    public Future<Void> unload(String model, boolean unloadDependents) {
        return control(model, WorkerEndpoint.unloadCommand(model, unloadDependents));
    }

    /**
     * Sends a load or unload to the workers whose repositories list the model (to every worker
     * when none does: a load may bring its own files). It succeeds when one worker succeeded;
     * each answer carries the worker's new state, so the next request already sees it.
     */
    private Future<Void> control(String model, JsonObject command) {
        List<String> targets = view.workersListing(model);
        if (targets.isEmpty()) {
            targets = view.workers().stream().map(NodeState::nodeId).sorted().toList();
        }
        if (targets.isEmpty()) {
            return Future.failedFuture(new InferenceException(Status.UNAVAILABLE, "no worker has joined the cluster"));
        }
        DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(CONTROL_TIMEOUT_MS);
        List<Future<Void>> answers = targets.stream()
                .map(node -> vertx.eventBus().<JsonObject>request(ClusterAddresses.control(node), command, delivery)
                        .<Void>map(reply -> {
                            view.put(NodeStateJson.read(reply.body()));
                            return null;
                        }))
                .toList();
        return Future.join(answers).transform(all -> {
            if (answers.stream().anyMatch(Future::succeeded)) {
                return Future.succeededFuture();
            }
            return Future.failedFuture(InferenceException.ofReply(answers.getFirst().cause(), model));
        });
    }

    /** From now on the cluster reports itself not live (the node is leaving). */
    void close() {
        closed = true;
    }
}
