package io.infergate.engine.scheduler.sequence;

import io.infergate.engine.bus.ModelAddresses;
import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.InferenceResponse.ComputeTimes;
import io.infergate.engine.api.Status;
import io.infergate.engine.backend.ComputeTimer;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.bus.EngineBus;
import io.infergate.engine.model.LoadedVersion;
import io.infergate.engine.model.PreparedRequest;
import io.infergate.engine.scheduler.DecoupledResponses;
import io.infergate.engine.scheduler.InstanceThreads;
import io.infergate.engine.scheduler.sequence.SequenceBatcher.Position;
import io.infergate.engine.stats.FailureReason;
import io.infergate.engine.stats.ModelStatsRecorder;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.trace.RequestTrace;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The verticle that serves one version of a model with {@code sequence_batching}. Requests carry
 * a correlation id; a sequence is bound to one instance from its START to its END (or until it
 * sits idle longer than max_sequence_idle_microseconds), and its requests run there in arrival
 * order, one per batch, with the control inputs and implicit state the model expects. All state
 * lives on this verticle's context: no locks.
 *
 * <p>A reload hands over without breaking a running sequence: the new version's scheduler sends
 * a request of a sequence it does not know (no sequence_start) to its predecessor, and the
 * predecessor keeps its running sequences (and their state) until each ends or idles out; only
 * then does the reload stop it, and it drains and closes.
 */
public final class SequenceScheduler extends VerticleBase {
    private final LoadedVersion model;
    private final SequenceSettings settings;
    private final SequenceBatcher batcher;
    private final ControlTensors controls;
    private final DataType corridType;
    private final ModelStatsRecorder stats;
    private final Map<CorrelationId, Sequence> live = new HashMap<>();
    private final boolean[] busy;
    /** The version this one replaced, which may still hold running sequences; or null. */
    private final LoadedVersion predecessorVersion;
    /** Where requests of sequences this version does not know go, while the predecessor is there; or null. */
    private String predecessor;
    private SequenceSlots slots;
    private List<ImplicitState> states;
    private MessageConsumer<PreparedRequest> consumer;
    private InstanceThreads threads;
    private long batchTimer = -1;
    private long idleTimer = -1;
    private int waitingRequests;
    private Promise<Void> drained;
    /** Set once a reload replaced this version: completes when no sequence runs here any more. */
    private Promise<Void> handedOver;

    /**
     * @param predecessor the version this one replaces (a reload), which keeps its running
     *                    sequences; null for a first load
     */
    public SequenceScheduler(LoadedVersion model, LoadedVersion predecessor) {
        this.model = model;
        this.predecessorVersion = predecessor;
        this.predecessor = predecessor == null ? null : ModelAddresses.of(predecessor);
        this.settings = SequenceSettings.of(model.spec().config());
        this.batcher = new SequenceBatcher(settings);
        var sequencing = model.spec().config().getSequenceBatching();
        this.controls = new ControlTensors(sequencing.getControlInputList(), settings.batches());
        this.corridType = ControlTensors.corridType(sequencing.getControlInputList());
        this.stats = model.stats();
        this.busy = new boolean[model.instances().size()];
    }

    @Override
    public Future<?> start() {
        slots = new SequenceSlots(model.instances().size(), settings.slotsPerInstance());
        threads = new InstanceThreads(model);
        Path modelDir = model.spec().versionDir().getParent();
        return vertx.executeBlocking(() -> ImplicitState.of(model.spec().config(), modelDir), false)
                .compose(loaded -> {
                    states = loaded;
                    long checkMs = Math.clamp(settings.idleNanos() / 4_000_000, 5, 1000);
                    idleTimer = vertx.setPeriodic(checkMs, id -> expireIdle());
                    consumer = vertx.eventBus().localConsumer(ModelAddresses.of(model), this::accept);
                    model.handOverWith(this::handOver);
                    return consumer.completion();
                });
    }

    private void accept(Message<PreparedRequest> message) {
        PreparedRequest prepared = message.body();
        SequencedRequest request;
        Sequence sequence;
        try {
            // Triton's order and words: the batch size first, then the correlation id
            if (prepared.batchSize() != 1) {
                throw invalid("inference request to model '" + model.spec().name()
                        + "' must specify batch-size 1 due to requirements of sequence batcher");
            }
            SequenceFlags flags = SequenceFlags.of(prepared.request().parameters());
            checkId(flags.id());
            if (predecessor != null && !flags.start() && !live.containsKey(flags.id())) {
                forwardToPredecessor(message, flags);
                return;
            }
            sequence = sequenceFor(flags);
            request = new SequencedRequest(message, flags, System.nanoTime());
        } catch (InferenceException e) {
            reject(message, FailureReason.OTHER, e);
            return;
        }
        sequence.waiting.add(request);
        sequence.lastActivityNanos = request.enqueuedNanos();
        waitingRequests++;
        stats.requestQueued();
        Context context = vertx.getOrCreateContext();
        prepared.cancellation().onCancel(() -> context.runOnContext(v -> withdraw(sequence, request,
                FailureReason.CANCELED, new InferenceException(Status.CANCELLED,
                        "the request was cancelled by its client"))));
        if (prepared.timeoutMicros() > 0) {
            vertx.setTimer(Math.max(1, prepared.timeoutMicros() / 1000), id -> withdraw(sequence, request,
                    FailureReason.REJECTED, new InferenceException(Status.UNAVAILABLE,
                            "Request timeout expired for model '" + model.spec().name() + "'")));
        }
        dispatch();
    }

    /**
     * Sends a request of a sequence this version does not know to the version it replaced and
     * relays the answer. Once the predecessor is gone (no consumer at its address) every later
     * request is judged here.
     */
    private void forwardToPredecessor(Message<PreparedRequest> message, SequenceFlags flags) {
        vertx.eventBus().<Object>request(predecessor, message.body(), EngineBus.delivery()).onComplete(answer -> {
            if (answer.succeeded()) {
                message.reply(answer.result().body(), EngineBus.delivery());
            } else if (answer.cause() instanceof ReplyException e && e.failureType() == ReplyFailure.NO_HANDLERS) {
                predecessor = null;
                accept(message);
            } else {
                InferenceException failure = InferenceException.ofReply(answer.cause(), model.spec().name());
                message.fail(failure.status().code(), failure.getMessage());
            }
        });
    }

    private void checkId(CorrelationId id) {
        if (id.isNone()) {
            throw invalid("inference request to model '" + model.spec().name()
                    + "' must specify a non-zero or non-empty correlation ID");
        }
        if (corridType == null) {
            return;
        }
        if (id.isString() != (corridType == DataType.BYTES)) {
            throw invalid("model '" + model.spec().name() + "' takes " + (id.isString() ? "integer" : "string")
                    + " correlation ids (CORRID is " + corridType + "), got " + id);
        }
        boolean fits = switch (corridType) {
            case INT64 -> id.number() >= 0;
            case UINT32, INT32 -> Long.compareUnsigned(id.number(), corridType == DataType.INT32 ? Integer.MAX_VALUE
                    : 0xFFFF_FFFFL) <= 0;
            default -> true;
        };
        if (!fits) {
            throw invalid("correlation id " + id + " does not fit CORRID type " + corridType + " of model '"
                    + model.spec().name() + "'");
        }
    }

    /** The live sequence a request belongs to; a START begins one. */
    private Sequence sequenceFor(SequenceFlags flags) {
        Sequence sequence = live.get(flags.id());
        if (flags.start()) {
            if (sequence != null) {
                throw invalid("sequence " + flags.id() + " of model '" + model.spec().name()
                        + "' is already active: a request with sequence_start may only begin a new sequence");
            }
            sequence = new Sequence(flags.id(), System.nanoTime());
            slots.bind(sequence);
            live.put(flags.id(), sequence);
        } else if (sequence == null) {
            throw invalid("inference request for sequence " + flags.id() + " to model '" + model.spec().name()
                    + "' must specify the START flag on the first request of the sequence (a sequence ends with"
                    + " sequence_end or after " + settings.idleNanos() / 1000 + " microseconds idle)");
        }
        if (flags.end()) {
            // later requests with this id need a new START; this sequence finishes what it queued
            live.remove(flags.id());
        }
        return sequence;
    }

    private void reject(Message<PreparedRequest> message, FailureReason reason, InferenceException error) {
        stats.requestFailed(System.nanoTime() - message.body().receivedNanos(), reason);
        message.fail(error.status().code(), error.getMessage());
    }

    /**
     * A request leaves before it runs (its client cancelled it, or its timeout passed); one
     * already running or answered stays. The rest of its sequence goes on; a withdrawn END ends it.
     */
    private void withdraw(Sequence sequence, SequencedRequest request, FailureReason reason, InferenceException error) {
        if (sequence.waiting.peekFirst() == request && sequence.executing || !sequence.waiting.remove(request)) {
            return;
        }
        waitingRequests--;
        stats.requestLeft();
        reject(request.message(), reason, error);
        if (request.flags().end()) {
            end(sequence);
        }
        dispatch();
    }

    private void dispatch() {
        if (batchTimer >= 0) {
            vertx.cancelTimer(batchTimer);
            batchTimer = -1;
        }
        long now = System.nanoTime();
        long waitUntil = 0;
        for (int instance = 0; instance < busy.length; instance++) {
            if (busy[instance]) {
                continue;
            }
            SequenceBatcher.Decision decision = batcher.next(slots.slotsOf(instance), now);
            if (!decision.positions().isEmpty()) {
                run(instance, decision.positions());
            } else if (decision.waitUntilNanos() != 0 && (waitUntil == 0 || decision.waitUntilNanos() < waitUntil)) {
                waitUntil = decision.waitUntilNanos();
            }
        }
        if (waitUntil != 0) {
            long delayMs = Math.max(1, (waitUntil - now + 999_999) / 1_000_000);
            batchTimer = vertx.setTimer(delayMs, id -> {
                batchTimer = -1;
                dispatch();
            });
        }
        if (drained != null && waitingRequests == 0 && !anyBusy()) {
            drained.tryComplete();
        }
        if (handedOver != null && live.isEmpty()) {
            handedOver.tryComplete();
        }
    }

    private boolean anyBusy() {
        for (boolean b : busy) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    private void run(int instanceIndex, List<Position> positions) {
        busy[instanceIndex] = true;
        long startNanos = System.nanoTime();
        for (Position position : positions) {
            if (!position.isPadding()) {
                position.sequence().executing = true;
            }
        }
        // a decoupled model runs one request at a time (SequenceSettings), which streams to its own sink
        PreparedRequest first = positions.getFirst().isPadding() ? null : positions.getFirst().request().prepared();
        DecoupledResponses sender = first == null || first.sink() == null ? null
                : new DecoupledResponses(first, model.assembler(), stats);
        SequenceExecution execution = new SequenceExecution(positions, states, settings.batches(), sender);
        ModelInstance instance = model.instances().get(instanceIndex);
        ComputeTimer timer = new ComputeTimer();
        threads.call(() -> execution.run(instance, controls, model.assembler(), timer), context)
                .onComplete(result -> {
                    busy[instanceIndex] = false;
                    int real = (int) positions.stream().filter(p -> !p.isPadding()).count();
                    if (result.succeeded()) {
                        stats.executed(real, timer.inputNanos(), timer.inferNanos(), timer.outputNanos());
                    }
                    if (sender != null) {
                        finishStreamed(positions.getFirst(), sender, result.cause());
                    } else {
                        finish(positions, startNanos, timer, result.result(), result.cause());
                    }
                    dispatch();
                });
    }

    /** Answers the requests of a finished batch, carries states forward and ends finished sequences. */
    private void finish(List<Position> positions, long startNanos, ComputeTimer timer,
            SequenceExecution.Result result, Throwable failure) {
        long now = System.nanoTime();
        for (int i = 0; i < positions.size(); i++) {
            Position position = positions.get(i);
            if (position.isPadding()) {
                continue;
            }
            Sequence sequence = position.sequence();
            SequencedRequest request = sequence.waiting.poll();
            sequence.executing = false;
            sequence.lastActivityNanos = now;
            waitingRequests--;
            stats.requestLeft();
            Object answer = failure != null ? InferenceException.of(failure) : result.answers().get(i);
            if (answer instanceof InferenceResponse response) {
                sequence.state.putAll(result.nextStates().get(i));
                stats.requestSucceeded(now - request.prepared().receivedNanos(),
                        startNanos - request.prepared().receivedNanos(), timer.inputNanos(), timer.inferNanos(),
                        timer.outputNanos());
                RequestTrace trace = request.prepared().request().trace();
                if (trace != null) {
                    trace.model(model.spec().name(), model.version(), request.prepared().request().id());
                    trace.answered(request.prepared().receivedNanos(), request.enqueuedNanos(), now);
                    timer.mark(trace);
                }
                request.message().reply(response.withCompute(new ComputeTimes(timer.inputNanos(),
                        timer.inferNanos(), timer.outputNanos())), EngineBus.delivery());
            } else {
                reject(request.message(), FailureReason.BACKEND, (InferenceException) answer);
            }
            if (request.flags().end()) {
                end(sequence);
            }
        }
    }

    /** A decoupled model's request ran: its responses went to its sink, which also counted its statistics. */
    private void finishStreamed(Position position, DecoupledResponses sender, Throwable failure) {
        Sequence sequence = position.sequence();
        SequencedRequest request = sequence.waiting.poll();
        sequence.executing = false;
        sequence.lastActivityNanos = System.nanoTime();
        waitingRequests--;
        if (failure != null) {
            sender.fail(failure);
        }
        request.message().reply(null, EngineBus.delivery());
        if (request.flags().end()) {
            end(sequence);
        }
    }

    /** The sequence's END ran (or left): its slot and state go; requests it still queued fail. */
    private void end(Sequence sequence) {
        if (live.get(sequence.id) == sequence) {
            live.remove(sequence.id);
        }
        slots.release(sequence);
        failWaiting(sequence, "sequence " + sequence.id + " ended before this request ran");
    }

    private void expireIdle() {
        long now = System.nanoTime();
        live.values().removeIf(sequence -> {
            if (sequence.executing || !sequence.waiting.isEmpty()
                    || now - sequence.lastActivityNanos < settings.idleNanos()) {
                return false;
            }
            slots.release(sequence);
            return true;
        });
        dispatch();
    }

    private void failWaiting(Sequence sequence, String reason) {
        while (!sequence.waiting.isEmpty()) {
            SequencedRequest request = sequence.waiting.poll();
            waitingRequests--;
            stats.requestLeft();
            reject(request.message(), FailureReason.OTHER, invalid(reason));
        }
    }

    /**
     * A reload replaced this version: it goes on taking the requests its successor forwards until
     * its running sequences have ended or idled out, and until its own predecessor (to which it
     * forwards in turn, after several reloads) has closed; then the reload stops it.
     */
    private Future<Void> handOver() {
        Promise<Void> over = Promise.promise();
        context.runOnContext(v -> {
            handedOver = over;
            dispatch();
        });
        return predecessorVersion == null ? over.future()
                : Future.all(over.future(), predecessorVersion.closed()).mapEmpty();
    }

    /** Stops taking requests, lets queued and running ones finish, then closes the instances. */
    @Override
    public Future<?> stop() {
        // the idle timer keeps running: expiring idle sequences frees slots the backlog drains into
        drained = Promise.promise();
        Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
        return threads.closeAfter(unregistered.compose(v -> {
            dispatch();
            return drained.future();
        }), model, context).eventually(() -> {
            vertx.cancelTimer(idleTimer);
            return Future.succeededFuture();
        });
    }
}
