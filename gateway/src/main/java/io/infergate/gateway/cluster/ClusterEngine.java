package io.infergate.gateway.cluster;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelLoadOverrides;
import io.infergate.engine.api.ModelMetadata;
import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.api.Status;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.model.ContextBoundSink;
import io.infergate.engine.model.EngineBus;
import io.infergate.gateway.cluster.NodeState.ServedVersion;
import io.infergate.gateway.cluster.PendingCalls.Call;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine the frontends of a gateway use: every request goes to a ready worker that serves
 * the model, the one with the fewest requests pending from here; answers, streams and failures
 * come back as events on this node's address. Health, metadata, configuration, index and
 * statistics come from the workers' published states.
 */
public final class ClusterEngine implements InferenceEngine {
    /** A worker acknowledges a request on arrival; without that it was not delivered. */
    private static final long DELIVERY_TIMEOUT_MS = 10_000;
    private static final String DISCARDED = "Discarded the request";
    /** Loading a model may take minutes (large files, compilation). */
    private static final long CONTROL_TIMEOUT_MS = 600_000;
    /**
     * How long after a member left its pending calls fail: the answers it sent just before leaving
     * travel on another connection than the membership news and may still be on their way.
     */
    private static final long LEFT_GRACE_MS = 500;
    /** How often the published states are re-read, for whatever a topic message missed. */
    private static final long REFRESH_INTERVAL_MS = 2_000;

    private final Vertx vertx;
    private final ClusterMembership membership;
    private final boolean strictReadiness;
    private final String eventsAddress;
    private final ClusterView view = new ClusterView();
    private final PendingCalls calls = new PendingCalls();
    private final SequencePins sequences = new SequencePins();
    private final WorkerChooser chooser = new WorkerChooser();
    /** Workers that announced their orderly stop and have not left yet. */
    private final Set<String> withdrawn = ConcurrentHashMap.newKeySet();
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private AsyncMap<String, JsonObject> states;
    private long refreshTimer = -1;
    private volatile boolean closed;

    private ClusterEngine(Vertx vertx, ClusterMembership membership, boolean strictReadiness) {
        this.vertx = vertx;
        this.membership = membership;
        this.strictReadiness = strictReadiness;
        this.eventsAddress = ClusterAddresses.events(membership.localNodeId());
    }

    /** Starts listening to the workers' states and to the answers of this node's calls. */
    static Future<ClusterEngine> start(Vertx vertx, ClusterMembership membership, boolean strictReadiness) {
        ClusterEngine engine = new ClusterEngine(vertx, membership, strictReadiness);
        membership.onMemberLeft(engine::workerLeft);
        engine.consumers.add(vertx.eventBus().consumer(engine.eventsAddress, engine::onEvent));
        engine.consumers.add(vertx.eventBus().<JsonObject>consumer(ClusterAddresses.STATE_TOPIC,
                message -> engine.accept(message.body())));
        return Future.join(engine.consumers.stream().map(MessageConsumer::completion).toList())
                .compose(v -> vertx.sharedData().<String, JsonObject>getAsyncMap(ClusterAddresses.STATE_MAP))
                .compose(map -> {
                    engine.states = map;
                    return engine.refresh();
                })
                .map(v -> {
                    engine.refreshTimer = vertx.setPeriodic(REFRESH_INTERVAL_MS, id -> engine.refresh());
                    return engine;
                });
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
        sequences.workerLeft(nodeId);
        vertx.setTimer(LEFT_GRACE_MS, id -> calls.workerLeft(nodeId, withdrewFirst));
        if (states != null) {
            states.remove(nodeId);
        }
    }

    /** This node's id in the cluster. */
    public String localNodeId() {
        return membership.localNodeId();
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

    /** Members, workers and each worker's own statistics: GET /v2/cluster. */
    public JsonObject describe() {
        JsonObject workers = new JsonObject();
        Map<String, List<ModelStatistics>> byNode = view.byNode("", "");
        for (NodeState node : view.workers()) {
            List<JsonObject> statistics = byNode.getOrDefault(node.nodeId(), List.of()).stream()
                    .map(s -> new JsonObject().put("name", s.name()).put("version", s.version())
                            .put("inference_count", s.inferenceCount()).put("execution_count", s.executionCount())
                            .put("pending", s.pendingRequests()).put("success_count", s.inference().success().count())
                            .put("fail_count", s.inference().fail().count()))
                    .toList();
            workers.put(node.nodeId(), new JsonObject().put("pending_from_here", calls.pendingOn(node.nodeId()))
                    .put("model_stats", statistics));
        }
        return new JsonObject().put("node", membership.localNodeId())
                .put("members", new ArrayList<>(membership.members()))
                .put("workers", workers)
                .put("issues", readinessIssues());
    }

    @Override
    public Future<InferenceResponse> infer(InferenceRequest request, Cancellation cancellation) {
        try {
            if (view.served(request.modelName(), request.modelVersion()).decoupled()) {
                throw InferenceException.decoupledOverUnary(request.modelName());
            }
        } catch (InferenceException e) {
            return Future.failedFuture(e);
        }
        Promise<InferenceResponse> answer = Promise.promise();
        inferStream(request, cancellation, new SingleAnswer(answer));
        return answer.future();
    }

    @Override
    public void inferStream(InferenceRequest request, Cancellation cancellation, ResponseSink sink) {
        ResponseSink onCaller = new ContextBoundSink(vertx.getOrCreateContext(), sink);
        String sequence = SequencePins.key(request);
        try {
            String pinned = sequence == null ? null : sequences.pinned(sequence, request);
            if (pinned != null) {
                send(request, cancellation, onCaller, List.of(pinned), sequence);
            } else {
                send(request, cancellation, onCaller, candidates(request), sequence);
            }
        } catch (InferenceException e) {
            onCaller.fail(e);
        }
    }

    private List<String> candidates(InferenceRequest request) {
        List<String> ready = view.readyWorkers(request.modelName(), request.modelVersion());
        if (ready.isEmpty() && !view.workersListing(request.modelName()).isEmpty()) {
            throw new InferenceException(Status.UNAVAILABLE, "model '" + request.modelName() + "' is not ready on"
                    + " any worker");
        }
        if (ready.isEmpty()) {
            throw InferenceException.unknownModel(request.modelName(), request.modelVersion());
        }
        return ready;
    }

    /**
     * Sends the request to the least loaded candidate. A worker that did not take it (no consumer:
     * leaving, or not yet serving) never saw it, so another candidate gets it; once a worker
     * acknowledged a request it is never sent again.
     */
    private void send(InferenceRequest request, Cancellation cancellation, ResponseSink sink, List<String> candidates,
            String sequence) {
        String nodeId = chooser.choose(candidates, calls::pendingOn);
        if (sequence != null) {
            sequences.pin(sequence, nodeId, request);
        }
        Call call = calls.open(nodeId, sink, () -> sendElsewhere(request, cancellation, sink, candidates,
                nodeId, sequence, "worker " + nodeId + " left before taking the request"));
        DeliveryOptions delivery = new DeliveryOptions().setCodecName(ProtobufWireCodec.REQUEST)
                .setSendTimeout(DELIVERY_TIMEOUT_MS)
                .addHeader(ClusterAddresses.CALL, call.id())
                .addHeader(ClusterAddresses.REPLY_TO, eventsAddress);
        vertx.eventBus().request(ClusterAddresses.infer(nodeId), request, delivery).onComplete(acknowledged -> {
            if (acknowledged.succeeded()) {
                calls.delivered(call);
            } else if (calls.close(call)) {
                if (neverDelivered(acknowledged.cause())) {
                    sendElsewhere(request, cancellation, sink, candidates, nodeId, sequence,
                            acknowledged.cause().getMessage());
                } else {
                    sink.fail(new InferenceException(Status.UNAVAILABLE, "worker " + nodeId
                            + " did not take the request: " + acknowledged.cause().getMessage()));
                }
            }
        });
        cancellation.onCancel(() -> vertx.eventBus().send(ClusterAddresses.cancel(nodeId), eventsAddress + "#" + call.id()));
    }

    /** Sends a request no worker took to another candidate still in the view; a sequence's fails. */
    private void sendElsewhere(InferenceRequest request, Cancellation cancellation, ResponseSink sink,
            List<String> candidates, String refusedBy, String sequence, String why) {
        List<String> others = new ArrayList<>(candidates);
        others.remove(refusedBy);
        others.retainAll(view.readyWorkers(request.modelName(), request.modelVersion()));
        if (others.isEmpty() || sequence != null) {
            sink.fail(new InferenceException(Status.UNAVAILABLE, "no worker took the request: " + why));
        } else {
            send(request, cancellation, sink, others, null);
        }
    }

    /**
     * Whether the worker's event bus answered that no handler took the request: none was
     * registered, or the consumer was unregistered with the request still queued (Vert.x then
     * replies a TIMEOUT failure of its own whose message starts with "Discarded").
     */
    private static boolean neverDelivered(Throwable failure) {
        return failure instanceof ReplyException reply && (reply.failureType() == ReplyFailure.NO_HANDLERS
                || reply.failureType() == ReplyFailure.TIMEOUT && String.valueOf(reply.getMessage())
                        .startsWith(DISCARDED));
    }

    private void onEvent(Message<Object> message) {
        CallEvent event = CallEvent.valueOf(message.headers().get(ClusterAddresses.EVENT));
        if (event != CallEvent.RESPONSE) {
            // the worker counts the call as running until its end has arrived here
            message.reply(null);
        }
        Call call = calls.get(message.headers().get(ClusterAddresses.CALL));
        if (call == null) {
            return;
        }
        switch (event) {
            case RESPONSE -> call.sink().response((InferenceResponse) message.body());
            case FINAL_RESPONSE -> {
                if (calls.close(call)) {
                    call.sink().response((InferenceResponse) message.body());
                    call.sink().complete();
                }
            }
            case COMPLETE -> {
                if (calls.close(call)) {
                    call.sink().complete();
                }
            }
            case FAIL -> {
                if (calls.close(call)) {
                    Status status = Status.values()[Integer.parseInt(message.headers().get(ClusterAddresses.STATUS))];
                    call.sink().fail(new InferenceException(status, (String) message.body()));
                }
            }
        }
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
            return Future.failedFuture(EngineBus.toInferenceException(answers.getFirst().cause(), model));
        });
    }

    /** Stops listening; calls still pending fail. */
    Future<Void> close() {
        closed = true;
        vertx.cancelTimer(refreshTimer);
        Set<String> nodes = new HashSet<>();
        view.workers().forEach(node -> nodes.add(node.nodeId()));
        nodes.forEach(node -> calls.workerLeft(node, false));
        return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
    }

    /** Turns a stream of one response into a future, as {@link #infer} answers. */
    private record SingleAnswer(Promise<InferenceResponse> promise, InferenceResponse[] last) implements ResponseSink {
        SingleAnswer(Promise<InferenceResponse> promise) {
            this(promise, new InferenceResponse[1]);
        }

        @Override
        public void response(InferenceResponse response) {
            last[0] = response;
        }

        @Override
        public void complete() {
            if (last[0] == null) {
                promise.fail(new InferenceException(Status.INTERNAL, "the model completed without a response"));
            } else {
                promise.complete(last[0]);
            }
        }

        @Override
        public void fail(InferenceException error) {
            promise.fail(error);
        }
    }
}
