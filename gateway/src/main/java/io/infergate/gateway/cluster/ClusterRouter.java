package io.infergate.gateway.cluster;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.ContextBoundSink;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.api.Status;
import io.infergate.gateway.cluster.PendingCalls.Call;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster's inference: every request goes to a ready worker that serves the model, the one
 * with the fewest requests pending from here; a request no worker took, or a stateless one whose
 * worker died before answering, goes to another; answers,
 * streams and failures come back as events on this node's address and go to the caller's sink.
 */
final class ClusterRouter implements InferenceEngine {
    /** A worker acknowledges a request on arrival; without that it was not delivered. */
    private static final long DELIVERY_TIMEOUT_MS = 10_000;
    private static final String DISCARDED = "Discarded the request";
    /**
     * How long after a member left its pending calls fail: the answers it sent just before leaving
     * travel on another connection than the membership news and may still be on their way.
     */
    private static final long LEFT_GRACE_MS = 500;

    private final Vertx vertx;
    private final String eventsAddress;
    private final ClusterView view;
    private final PendingCalls calls = new PendingCalls();
    private final SequencePins sequences = new SequencePins();
    private final WorkerChooser chooser = new WorkerChooser();
    private MessageConsumer<Object> consumer;

    private ClusterRouter(Vertx vertx, String localNodeId, ClusterView view) {
        this.vertx = vertx;
        this.eventsAddress = ClusterAddresses.events(localNodeId);
        this.view = view;
    }

    /** Starts listening to the answers of this node's calls; routes by the feed's view of the workers. */
    static Future<ClusterRouter> start(Vertx vertx, String localNodeId, WorkerStates workers) {
        ClusterRouter router = new ClusterRouter(vertx, localNodeId, workers.view());
        workers.onWorkerLeft(router::workerLeft);
        router.consumer = vertx.eventBus().consumer(router.eventsAddress, router::onEvent);
        return router.consumer.completion().map(v -> router);
    }

    private void workerLeft(String nodeId, boolean withdrewFirst) {
        sequences.workerLeft(nodeId);
        vertx.setTimer(LEFT_GRACE_MS, id -> calls.workerLeft(nodeId, withdrewFirst));
    }

    /** Requests this node has pending on the worker. */
    int pendingOn(String nodeId) {
        return calls.pendingOn(nodeId);
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
        Routed routed = new Routed(request, cancellation, onCaller, sequence, System.nanoTime(),
                ConcurrentHashMap.newKeySet());
        try {
            String pinned = sequence == null ? null : sequences.pinned(sequence, request);
            send(routed, pinned != null ? List.of(pinned) : candidates(request));
        } catch (InferenceException e) {
            onCaller.fail(e);
        }
    }

    private List<String> candidates(InferenceRequest request) {
        List<String> ready = view.readyWorkers(request.modelName(), request.modelVersion());
        if (ready.isEmpty() && !view.workersThatLoaded(request.modelName()).isEmpty()) {
            throw new InferenceException(Status.UNAVAILABLE, "model '" + request.modelName() + "' is not ready on"
                    + " any worker");
        }
        if (ready.isEmpty()) {
            throw InferenceException.unknownModel(request.modelName(), request.modelVersion());
        }
        return ready;
    }

    /**
     * A request on its way to a worker.
     *
     * @param sequence      its sequence's key, null when it belongs to none
     * @param admittedNanos when this node took it, for what is left of its timeout on a second try
     * @param tried         the workers it was sent to
     */
    private record Routed(InferenceRequest request, Cancellation cancellation, ResponseSink sink, String sequence,
            long admittedNanos, Set<String> tried) {
        /** Whether running it on another worker is harmless: a sequence's state lives on its worker. */
        boolean stateless() {
            return sequence == null;
        }

        Routed with(InferenceRequest other) {
            return new Routed(other, cancellation, sink, sequence, admittedNanos, tried);
        }
    }

    /**
     * Sends the request to the least loaded candidate. A worker that did not take it (no consumer:
     * leaving, or not yet serving) never saw it, so another candidate gets it; so does a stateless
     * request whose worker could not be reached or died before answering (see
     * {@link PendingCalls#workerLeft}). A sequence's request acknowledged by its worker is never sent again.
     */
    private void send(Routed routed, List<String> candidates) {
        String nodeId = chooser.choose(candidates, calls::pendingOn);
        routed.tried().add(nodeId);
        if (routed.sequence() != null) {
            sequences.pin(routed.sequence(), nodeId, routed.request());
        }
        Call call = calls.open(nodeId, routed.sink(), () -> sendElsewhere(routed, "worker " + nodeId
                + " left the cluster before answering"), routed.stateless(), routed.request().trace());
        DeliveryOptions delivery = new DeliveryOptions().setCodecName(ProtobufWireCodec.REQUEST)
                .setSendTimeout(DELIVERY_TIMEOUT_MS)
                .addHeader(ClusterAddresses.CALL, call.id())
                .addHeader(ClusterAddresses.REPLY_TO, eventsAddress);
        RemoteTrace.markTraced(call.trace(), delivery);
        vertx.eventBus().request(ClusterAddresses.infer(nodeId), routed.request(), delivery).onComplete(acknowledged -> {
            if (acknowledged.succeeded()) {
                calls.delivered(call);
            } else if (calls.close(call)) {
                if (neverDelivered(acknowledged.cause()) || routed.stateless() && unreachable(acknowledged.cause())) {
                    sendElsewhere(routed, "worker " + nodeId + " did not take it: " + acknowledged.cause().getMessage());
                } else {
                    routed.sink().fail(new InferenceException(Status.UNAVAILABLE, "worker " + nodeId
                            + " did not take the request: " + acknowledged.cause().getMessage()));
                }
            }
        });
        routed.cancellation().onCancel(() -> vertx.eventBus().send(ClusterAddresses.cancel(nodeId),
                eventsAddress + "#" + call.id()));
    }

    /**
     * Sends a request again to a ready worker it has not been to, with what is left of its
     * timeout; a sequence's request, a cancelled one, and one with no worker or time left fail.
     */
    private void sendElsewhere(Routed routed, String why) {
        if (routed.cancellation().isCancelled()) {
            routed.sink().fail(new InferenceException(Status.CANCELLED, "the request was cancelled; " + why));
            return;
        }
        InferenceRequest request = routed.request();
        List<String> others = new ArrayList<>(view.readyWorkers(request.modelName(), request.modelVersion()));
        others.removeAll(routed.tried());
        if (others.isEmpty() || !routed.stateless()) {
            routed.sink().fail(new InferenceException(Status.UNAVAILABLE, "no worker took the request: " + why));
            return;
        }
        InferenceRequest again = RequestTimeout.remaining(request, routed.admittedNanos());
        if (again == null) {
            routed.sink().fail(new InferenceException(Status.UNAVAILABLE, "no worker took the request: " + why
                    + ", and its timeout ran out"));
            return;
        }
        send(routed.with(again), others);
    }

    /**
     * Whether the request may not have reached the worker, or died there: the connection failed or
     * no acknowledgement came in time. A failure the worker itself replied is not one of them.
     */
    private static boolean unreachable(Throwable failure) {
        return failure instanceof ReplyException reply && reply.failureType() != ReplyFailure.RECIPIENT_FAILURE;
    }

    /**
     * Whether the worker's event bus answered that no handler took the request: none was
     * registered, or the consumer was unregistered with the request still queued (Vert.x then
     * replies a TIMEOUT failure of its own whose message starts with "Discarded"), or the worker
     * refused it because the model is not ready there.
     */
    private static boolean neverDelivered(Throwable failure) {
        return failure instanceof ReplyException reply && (reply.failureType() == ReplyFailure.NO_HANDLERS
                || reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
                        && reply.failureCode() == ClusterAddresses.NOT_SERVING_HERE
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
        if (event != CallEvent.RESPONSE && call.trace() != null) {
            RemoteTrace.merge(call.trace(), call.sentNanos(), message.headers());
        }
        switch (event) {
            case RESPONSE -> {
                calls.streamed(call);
                call.sink().response((InferenceResponse) message.body());
            }
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
                    Status status = Status.fromCode(Integer.parseInt(message.headers().get(ClusterAddresses.STATUS)));
                    call.sink().fail(new InferenceException(status, (String) message.body()));
                }
            }
        }
    }

    /** Stops listening; calls still pending fail. */
    Future<Void> close() {
        view.workers().forEach(node -> calls.workerLeft(node.nodeId(), false));
        return consumer.unregister();
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
