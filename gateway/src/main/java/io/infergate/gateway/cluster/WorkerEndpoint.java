package io.infergate.gateway.cluster;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelLoadOverrides;
import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.trace.RequestTrace;
import io.infergate.gateway.cluster.NodeState.ServedVersion;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The worker side of the cluster: serves this node's models on its event-bus addresses and
 * publishes what it serves whenever that changes (models, readiness, statistics).
 */
final class WorkerEndpoint {
    private static final Logger LOG = Logger.getLogger(WorkerEndpoint.class.getName());
    /** How often the published state is compared with the engine's; statistics lag by at most this. */
    static final long PUBLISH_INTERVAL_MS = 250;
    private static final long ANSWER_POLL_MS = 20;

    private final Vertx vertx;
    private final InferenceEngine inference;
    private final ModelCatalog local;
    private final String nodeId;
    private final AsyncMap<String, JsonObject> states;
    private final Map<String, Cancellation> running = new ConcurrentHashMap<>();
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private long publishTimer = -1;
    private String published = "";

    private WorkerEndpoint(Vertx vertx, InferenceEngine inference, ModelCatalog local, String nodeId,
            AsyncMap<String, JsonObject> states) {
        this.vertx = vertx;
        this.inference = inference;
        this.local = local;
        this.nodeId = nodeId;
        this.states = states;
    }

    /** Publishes this worker's state, then starts taking requests on its addresses. */
    static Future<WorkerEndpoint> start(Vertx vertx, InferenceEngine inference, ModelCatalog local, String nodeId) {
        return vertx.sharedData().<String, JsonObject>getAsyncMap(ClusterAddresses.STATE_MAP).compose(map -> {
            WorkerEndpoint endpoint = new WorkerEndpoint(vertx, inference, local, nodeId, map);
            endpoint.consumers.add(vertx.eventBus().<InferenceRequest>consumer(ClusterAddresses.infer(nodeId),
                    endpoint::infer));
            endpoint.consumers.add(vertx.eventBus().<String>consumer(ClusterAddresses.cancel(nodeId), endpoint::cancel));
            endpoint.consumers.add(vertx.eventBus().<JsonObject>consumer(ClusterAddresses.control(nodeId),
                    endpoint::control));
            return Future.join(endpoint.consumers.stream().map(MessageConsumer::completion).toList())
                    .compose(v -> endpoint.publishIfChanged())
                    .map(v -> {
                        endpoint.publishTimer = vertx.setPeriodic(PUBLISH_INTERVAL_MS, id -> endpoint.publishIfChanged());
                        return endpoint;
                    });
        });
    }

    private void infer(Message<InferenceRequest> message) {
        String replyTo = message.headers().get(ClusterAddresses.REPLY_TO);
        String callId = message.headers().get(ClusterAddresses.CALL);
        String key = replyTo + "#" + callId;
        InferenceRequest request;
        InferenceException malformed = null;
        try {
            request = message.body();
        } catch (RuntimeException e) {
            request = null;
            malformed = e instanceof InferenceException inference ? inference
                    : InferenceException.invalid("malformed request from the cluster: " + e.getMessage());
        }
        if (request != null && !local.isModelReady(request.modelName(), request.modelVersion())) {
            // not taken: the gateway's view is older than an unload here, another worker gets it
            message.fail(ClusterAddresses.NOT_SERVING_HERE, "model '" + request.modelName()
                    + "' is not ready on worker " + nodeId);
            return;
        }
        // The acknowledgement says "delivered": from here on the caller never retries this call.
        message.reply(null);
        Cancellation cancellation = Cancellation.create();
        running.put(key, cancellation);
        // a request its gateway traces is traced here too, its points sent back with the call's end
        RequestTrace trace = RemoteTrace.traced(message.headers()) ? RemoteTrace.onWorker() : null;
        CallEvents events = new CallEvents(vertx.eventBus(), replyTo, callId, () -> running.remove(key), trace);
        if (malformed != null) {
            events.fail(malformed);
            return;
        }
        inference.inferStream(trace == null ? request : request.withTrace(trace), cancellation, events);
    }

    private void cancel(Message<String> message) {
        Cancellation cancellation = running.get(message.body());
        if (cancellation != null) {
            cancellation.cancel();
        }
    }

    private void control(Message<JsonObject> message) {
        JsonObject command = message.body();
        String model = command.getString("model", "");
        Future<Void> done = switch (command.getString("op", "")) {
            case "load" -> local.load(model, overrides(command));
            case "unload" -> local.unload(model, command.getBoolean("dependents", false));
            default -> Future.failedFuture(InferenceException.invalid("unknown control operation"));
        };
        done.compose(v -> publishIfChanged()).onComplete(result -> {
            if (result.succeeded()) {
                message.reply(NodeStateJson.write(snapshot()));
            } else {
                InferenceException error = InferenceException.of(result.cause());
                message.fail(error.status().code(), error.getMessage());
            }
        });
    }

    private static ModelLoadOverrides overrides(JsonObject command) {
        JsonObject files = command.getJsonObject("files", new JsonObject());
        Map<String, byte[]> contents = new LinkedHashMap<>();
        files.forEach(entry -> contents.put(entry.getKey(), Base64.getDecoder().decode((String) entry.getValue())));
        return new ModelLoadOverrides(command.getString("config"), contents);
    }

    /** The control message that asks a worker to load a model; see {@link #control}. */
    static JsonObject loadCommand(String model, ModelLoadOverrides overrides) {
        JsonObject files = new JsonObject();
        overrides.files().forEach((path, bytes) -> files.put(path, Base64.getEncoder().encodeToString(bytes)));
        return new JsonObject().put("op", "load").put("model", model).put("config", overrides.configJson())
                .put("files", files);
    }

    static JsonObject unloadCommand(String model, boolean unloadDependents) {
        return new JsonObject().put("op", "unload").put("model", model).put("dependents", unloadDependents);
    }

    private Future<Void> publishIfChanged() {
        JsonObject state = NodeStateJson.write(snapshot());
        String encoded = state.encode();
        if (encoded.equals(published)) {
            return Future.succeededFuture();
        }
        published = encoded;
        vertx.eventBus().publish(ClusterAddresses.STATE_TOPIC, state);
        return states.put(nodeId, state);
    }

    private NodeState snapshot() {
        List<ServedVersion> served = new ArrayList<>();
        for (ModelIndexEntry entry : local.index(true)) {
            try {
                List<ModelStatistics> statistics = local.statistics(entry.name(), entry.version());
                served.add(new ServedVersion(entry.name(), entry.version(), local.config(entry.name(), entry.version()),
                        local.metadata(entry.name(), entry.version()), statistics.getFirst()));
            } catch (InferenceException | NoSuchElementException unloadedMeanwhile) {
                // the next snapshot will not list it
            }
        }
        return new NodeState(nodeId, local.index(false), served);
    }

    /**
     * Completes once every call taken has ended and its caller acknowledged the end (after the
     * local engine drained), or after {@code timeoutMs}: a leaving worker then loses no answer.
     */
    Future<Void> answersDelivered(long timeoutMs) {
        Promise<Void> delivered = Promise.promise();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        vertx.setPeriodic(ANSWER_POLL_MS, id -> {
            if (running.isEmpty() || System.nanoTime() > deadline) {
                vertx.cancelTimer(id);
                delivered.tryComplete();
            }
        });
        return delivered.future();
    }

    /**
     * Stops taking requests (callers then retry on other workers: nothing was delivered) and
     * withdraws this worker's state; requests already running still send their answers.
     */
    Future<Void> stop() {
        vertx.cancelTimer(publishTimer);
        LOG.info("worker " + nodeId + " leaves: no new requests");
        vertx.eventBus().publish(ClusterAddresses.STATE_TOPIC, NodeStateJson.write(new NodeState(nodeId, List.of(),
                List.of())));
        return Future.join(consumers.stream().map(MessageConsumer::unregister).toList())
                .compose(v -> states.remove(nodeId))
                .mapEmpty();
    }
}
