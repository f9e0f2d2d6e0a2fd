package io.infergate.engine.scheduler;

import io.infergate.engine.api.ConcurrentSink;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.InferenceResponse.ComputeTimes;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.api.Status;
import io.infergate.engine.backend.ComputeTimer;
import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ParameterizedOutputs;
import io.infergate.engine.cache.ModelResponseCache;
import io.infergate.engine.config.proto.ModelConfigProto.ModelQueuePolicy.TimeoutAction;
import io.infergate.engine.model.InlineScheduler;
import io.infergate.engine.model.LoadedVersion;
import io.infergate.engine.model.PreparedRequest;
import io.infergate.engine.ratelimit.RateLimitException;
import io.infergate.engine.ratelimit.RateLimiter;
import io.infergate.engine.stats.FailureReason;
import io.infergate.engine.stats.ModelStatsRecorder;
import io.infergate.engine.tensor.Tensor;
import io.infergate.engine.trace.RequestTrace;
import io.infergate.engine.trace.TracePoint;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The verticle that serves one model version. Requests are admitted on the caller's own thread
 * (a frontend's event loop, an ensemble, a Python thread making a BLS call) and wait in priority
 * queues; whenever an instance is idle the {@link BatchFormer} picks the next batch (one request,
 * or several merged by the dynamic batcher), which runs on the version's {@link InstanceThreads}.
 * The instance thread answers the batch itself and takes the next one. The queue state is guarded
 * by one lock held only for bookkeeping, never while computing or waiting: a request reaches an
 * idle instance with one thread hand-off instead of two, which is most of a small model's latency.
 * A caller whose thread only waits for its answer ({@link ConcurrentSink#callerWaits()}) runs its
 * batch itself, with no hand-off at all. Timers, not sleeping threads, run queue delays and
 * timeouts. Stopping drains: queued and running requests finish before the instances close.
 */
public final class ModelScheduler extends VerticleBase implements InlineScheduler {
    private final LoadedVersion model;
    private final SchedulingPolicy policy;
    private final ModelStatsRecorder stats;
    /** This version's use of the response cache; null when the model or the server has none. */
    private final ModelResponseCache cache;
    /** The server's rate limiter, or null when it is off. */
    private final RateLimiter limiter;
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock: the queues, the idle instances, the batch timer and the drain.
    private final RequestQueue queue;
    private final BatchFormer former;
    private final ResponseOrder order = new ResponseOrder();
    private final ArrayDeque<ModelInstance> idle = new ArrayDeque<>();
    private long batchTimer = -1;
    private Promise<Void> drained;
    private InstanceThreads threads;
    /** The instances before the rate limiter; null when it is off. */
    private InstanceClaims claims;

    public ModelScheduler(LoadedVersion model, SharedScheduling shared) {
        this.model = model;
        this.cache = shared.responseCache() != null && model.spec().config().getResponseCache().getEnable()
                ? shared.responseCache().forVersion(model.spec().name(), model.version()) : null;
        this.limiter = shared.rateLimiter();
        this.policy = new SchedulingPolicy(model.spec().config());
        this.queue = new RequestQueue(policy);
        this.former = new BatchFormer(policy);
        this.stats = model.stats();
    }

    @Override
    public Future<?> start() {
        if (limiter != null) {
            try {
                claims = InstanceClaims.register(limiter, model.spec().name(), model.spec().config(), model.instances());
            } catch (RateLimitException e) {
                return Future.failedFuture(e);
            }
        }
        threads = new InstanceThreads(model);
        lock.lock();
        try {
            idle.addAll(model.instances());
        } finally {
            lock.unlock();
        }
        model.serveInline(this);
        return Future.succeededFuture();
    }

    /**
     * Admits a request on the caller's thread. One with a sink is answered only through it (the
     * future completes at once); one without gets its response through the future, on the
     * caller's context.
     */
    @Override
    public Future<InferenceResponse> handle(PreparedRequest request) {
        if (request.sink() != null) {
            admit(request);
            return Future.succeededFuture();
        }
        CallerReply reply = new CallerReply(vertx.getOrCreateContext());
        admit(request.with(request.cancellation(), reply));
        return reply.future();
    }

    private void admit(PreparedRequest prepared) {
        int queueIndex;
        try {
            queueIndex = policy.queueIndex(prepared.priority());
        } catch (IllegalArgumentException e) {
            reject(prepared, FailureReason.OTHER, new InferenceException(Status.INVALID_ARG, e.getMessage()));
            return;
        }
        PendingRequest pending = new PendingRequest(prepared, queueIndex);
        if (cache != null && answeredFromCache(pending)) {
            return;
        }
        Runnable runHere;
        lock.lock();
        try {
            if (drained != null) {
                prepared.sink().fail(new InferenceException(Status.UNAVAILABLE,
                        "model '" + model.spec().name() + "' is not ready"));
                return;
            }
            if (!queue.offer(pending)) {
                reject(prepared, FailureReason.REJECTED, new InferenceException(Status.UNAVAILABLE,
                        "Exceeds maximum queue size for model '" + model.spec().name() + "'"));
                return;
            }
            stats.requestQueued();
            pending.timeoutMicros = policy.timeoutMicros(queueIndex, prepared.timeoutMicros());
            if (pending.timeoutMicros > 0) {
                pending.timeoutTimer = vertx.setTimer(Math.max(1, pending.timeoutMicros / 1000),
                        id -> timedOut(pending));
            }
            runHere = dispatch(callerWaits(prepared) ? pending : null);
        } finally {
            lock.unlock();
        }
        prepared.cancellation().onCancel(() -> cancelled(pending));
        if (runHere != null) {
            runHere.run();
        }
    }

    /**
     * Looks the request up in the response cache: a hit is answered at once, without queueing; a
     * miss remembers its key, for the response to go into the cache.
     */
    private boolean answeredFromCache(PendingRequest pending) {
        long start = System.nanoTime();
        ModelResponseCache.Lookup lookup = cache.lookup(pending.prepared.request());
        long end = System.nanoTime();
        if (lookup.hit() == null) {
            stats.cacheMiss(end - start);
            pending.cacheMiss = lookup;
            return false;
        }
        stats.cacheHit(end - pending.prepared.receivedNanos(), end - start);
        traceUncomputed(pending.prepared, end);
        ResponseSink sink = pending.prepared.sink();
        sink.response(lookup.hit());
        sink.complete();
        return true;
    }

    /** Whether the caller's thread only waits for this request's answer (a blocking BLS call). */
    private boolean callerWaits(PreparedRequest prepared) {
        return prepared.sink() instanceof ConcurrentSink sink && sink.callerWaits() && !model.decoupled();
    }

    /** Fails a request that will not be computed, through its sink. */
    private void reject(PreparedRequest prepared, FailureReason reason, InferenceException error) {
        long now = System.nanoTime();
        stats.requestFailed(now - prepared.receivedNanos(), reason);
        traceUncomputed(prepared, now);
        prepared.sink().fail(error);
    }

    /** Marks a traced request answered without computing (refused, or from the cache): it started and ended. */
    private void traceUncomputed(PreparedRequest prepared, long now) {
        RequestTrace trace = prepared.request().trace();
        if (trace != null) {
            trace.model(model.spec().name(), model.version(), prepared.request().id());
            trace.record(TracePoint.REQUEST_START, prepared.receivedNanos());
            trace.record(TracePoint.REQUEST_END, now);
        }
    }

    private void timedOut(PendingRequest pending) {
        lock.lock();
        try {
            pending.timeoutTimer = -1;
            if (pending.state != PendingRequest.State.QUEUED) {
                return;
            }
            if (policy.queuePolicy(pending.queueIndex).getTimeoutAction() == TimeoutAction.DELAY) {
                pending.timeoutMicros = 0; // delayed, not withdrawn: the backend sees no expired deadline
                queue.delay(pending);
            } else {
                queue.remove(pending);
                leaveQueue(pending, FailureReason.REJECTED, new InferenceException(Status.UNAVAILABLE,
                        "Request timeout expired for model '" + model.spec().name() + "'"));
            }
            dispatch();
        } finally {
            lock.unlock();
        }
    }

    private void cancelled(PendingRequest pending) {
        lock.lock();
        try {
            if (pending.state == PendingRequest.State.QUEUED && queue.remove(pending)) {
                leaveQueue(pending, FailureReason.CANCELED, new InferenceException(Status.CANCELLED,
                        "the request was cancelled by its client"));
                dispatch();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A queued request ends without being computed. */
    private void leaveQueue(PendingRequest pending, FailureReason reason, InferenceException error) {
        pending.state = PendingRequest.State.DONE;
        stats.requestLeft();
        reject(pending.prepared, reason, error);
    }

    /** Starts batches while instances are idle and requests are ready; called holding the lock. */
    private void dispatch() {
        dispatch(null);
    }

    /**
     * Starts batches while instances are idle and requests are ready; called holding the lock. The
     * batch holding {@code waiting} (a request whose caller's thread waits for it) is not handed to
     * an instance thread but returned, for the caller to run once it has released the lock.
     */
    private Runnable dispatch(PendingRequest waiting) {
        if (batchTimer >= 0) {
            vertx.cancelTimer(batchTimer);
            batchTimer = -1;
        }
        Runnable forCaller = null;
        while (!idle.isEmpty()) {
            BatchFormer.Decision decision = former.next(queue, System.nanoTime());
            if (decision.isBatch()) {
                ModelInstance instance = claims == null ? idle.poll() : claims.take(idle, this::resourcesGranted);
                if (instance == null) {
                    break; // the rate limiter calls back when an instance holds its resources
                }
                Runnable batch = start(instance, decision.requests());
                if (waiting != null && forCaller == null && instance.runsOnCallerThreads()
                        && decision.requests().contains(waiting)) {
                    forCaller = batch;
                } else {
                    threads.execute(batch);
                }
            } else {
                if (decision.isWait()) {
                    long delayMs = Math.max(1, (decision.waitUntilNanos() - System.nanoTime() + 999_999) / 1_000_000);
                    batchTimer = vertx.setTimer(delayMs, this::batchDelayOver);
                }
                break;
            }
        }
        if (claims != null) {
            claims.releaseIdle(idle);
        }
        if (drained != null && queue.isEmpty() && idle.size() == model.instances().size()) {
            drained.tryComplete();
        }
        return forCaller;
    }

    /** The rate limiter granted an instance its resources (on the thread that freed them): dispatch on our context. */
    private void resourcesGranted() {
        context.runOnContext(v -> {
            lock.lock();
            try {
                dispatch();
            } finally {
                lock.unlock();
            }
        });
    }

    private void batchDelayOver(long timerId) {
        lock.lock();
        try {
            if (batchTimer == timerId) { // else a dispatch since has cancelled or replaced it
                batchTimer = -1;
                dispatch();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes a batch out of the queue; the task that runs it. Called holding the lock. */
    private Runnable start(ModelInstance instance, List<PendingRequest> batch) {
        long startNanos = System.nanoTime();
        for (PendingRequest pending : batch) {
            queue.remove(pending);
            pending.state = PendingRequest.State.EXECUTING;
            if (pending.timeoutTimer >= 0) {
                vertx.cancelTimer(pending.timeoutTimer);
            }
        }
        ComputeTimer timer = new ComputeTimer();
        DecoupledResponses decoupled = model.decoupled()
                ? new DecoupledResponses(batch.getFirst().prepared, model.assembler(), stats) : null;
        RequestTrace decoupledTrace = decoupled == null ? null : batch.getFirst().prepared.request().trace();
        if (decoupledTrace != null) {
            // its final response may be sent before the execution returns, and its compute points with it
            decoupledTrace.hold();
        }
        long ticket = policy.preserveOrdering() ? order.ticket() : -1;
        Batch formed = new Batch(batch, batchSize(batch), startNanos, timer, decoupled);
        return () -> runBatch(instance, formed, ticket);
    }

    /** A batch taken out of the queue: what executing and answering it need. */
    private record Batch(List<PendingRequest> requests, int size, long startNanos, ComputeTimer timer,
            DecoupledResponses decoupled) {
    }

    /**
     * Runs on an instance thread (or a waiting caller's): executes the batch and answers it, at
     * once, or in formation order under preserve_ordering; then gives the instance back and starts
     * what is ready.
     */
    private void runBatch(ModelInstance instance, Batch batch, long ticket) {
        List<Object> answers = null;
        Throwable failure = null;
        try {
            answers = execute(instance, batch);
            stats.executed(batch.size(), batch.timer().inputNanos(), batch.timer().inferNanos(),
                    batch.timer().outputNanos());
        } catch (Throwable e) {
            failure = e;
        }
        if (ticket < 0) {
            try {
                answer(batch, answers, failure);
            } finally {
                release(instance, null);
            }
        } else {
            List<Object> computed = answers;
            Throwable failed = failure;
            release(instance, () -> order.finished(ticket, () -> answer(batch, computed, failed)));
        }
    }

    /** Gives an instance back (first running {@code underLock}, if any) and starts what is ready. */
    private void release(ModelInstance instance, Runnable underLock) {
        lock.lock();
        try {
            if (claims != null) {
                claims.release(instance);
            }
            idle.add(instance);
            if (underLock != null) {
                underLock.run();
            }
            dispatch();
        } finally {
            lock.unlock();
        }
    }

    private static int batchSize(List<PendingRequest> batch) {
        int size = 0;
        for (PendingRequest pending : batch) {
            size += pending.batchSize();
        }
        return size;
    }

    /** Join, execute, split, and assemble each request's response. */
    private List<Object> execute(ModelInstance instance, Batch batch) throws Exception {
        List<PendingRequest> requests = batch.requests();
        List<Tensor> inputs = requests.size() == 1 && !policy.reshapesBatches()
                ? requests.getFirst().prepared.backendInputs() : joinWithBatchInputs(requests);
        Set<String> outputs = new LinkedHashSet<>();
        requests.forEach(pending -> outputs.addAll(pending.prepared.outputNames()));
        List<Tensor> produced = instance.execute(new Execution(inputs, outputs, batch.size(), batch.timer(),
                batch.decoupled(), requests.stream().map(PendingRequest::details).toList()));
        List<Object> answers = new ArrayList<>(requests.size());
        if (batch.decoupled() == null) {
            List<List<Tensor>> perRequest = requests.size() == 1 ? List.of(produced)
                    : BatchTensors.split(produced, requests).stream()
                            .map(part -> ParameterizedOutputs.of(part, ParameterizedOutputs.parametersOf(produced)))
                            .toList();
            for (int i = 0; i < requests.size(); i++) {
                try {
                    answers.add(model.assembler().assemble(requests.get(i).prepared, perRequest.get(i)));
                } catch (InferenceException e) {
                    answers.add(e);
                }
            }
        }
        batch.timer().finish();
        return answers;
    }

    private List<Tensor> joinWithBatchInputs(List<PendingRequest> batch) {
        List<Tensor> inputs = new ArrayList<>(BatchTensors.join(batch, policy.raggedInputs()));
        inputs.addAll(BatchInputs.of(policy.batchInputs(), batch));
        return inputs;
    }

    /** Answers every request of a finished batch through its sink; a failed execution fails all of them. */
    private void answer(Batch batch, List<Object> answers, Throwable failure) {
        if (batch.decoupled() != null) {
            PendingRequest pending = batch.requests().getFirst();
            RequestTrace trace = pending.prepared.request().trace();
            if (trace != null) {
                traceExecuted(trace, pending, batch.timer());
            }
            if (failure == null && batch.decoupled().rescheduled()) {
                requeue(pending, batch.decoupled());
                return;
            }
            pending.state = PendingRequest.State.DONE;
            if (failure != null) {
                batch.decoupled().fail(failure);
            }
            return;
        }
        ComputeTimer timer = batch.timer();
        for (int i = 0; i < batch.requests().size(); i++) {
            PendingRequest pending = batch.requests().get(i);
            pending.state = PendingRequest.State.DONE;
            stats.requestLeft();
            Object answer = failure != null ? InferenceException.of(failure) : answers.get(i);
            if (answer instanceof InferenceResponse response) {
                if (pending.cacheMiss != null) {
                    long start = System.nanoTime();
                    cache.insert(pending.cacheMiss, response);
                    stats.cacheInserted(System.nanoTime() - start);
                }
                long receivedNanos = pending.prepared.receivedNanos();
                long now = System.nanoTime();
                stats.requestSucceeded(now - receivedNanos, batch.startNanos() - receivedNanos,
                        timer.inputNanos(), timer.inferNanos(), timer.outputNanos());
                RequestTrace trace = pending.prepared.request().trace();
                if (trace != null) {
                    traceAnswered(trace, pending, timer, response, now);
                }
                ResponseSink sink = pending.prepared.sink();
                sink.response(response.withCompute(
                        new ComputeTimes(timer.inputNanos(), timer.inferNanos(), timer.outputNanos())));
                sink.complete();
            } else {
                reject(pending.prepared, FailureReason.BACKEND, (InferenceException) answer);
            }
        }
    }

    /** Marks a traced request's way through this scheduler, with the times read for its statistics. */
    private void traceAnswered(RequestTrace trace, PendingRequest pending, ComputeTimer timer,
            InferenceResponse response, long now) {
        trace.model(model.spec().name(), model.version(), pending.prepared.request().id());
        trace.answered(pending.prepared.receivedNanos(), pending.enqueuedNanos, now);
        timer.mark(trace);
        trace.tensors(RequestTrace.QUEUE_INPUT, pending.prepared.request().inputs());
        trace.tensors(RequestTrace.BACKEND_OUTPUT, response.outputs());
    }

    /**
     * Marks one execution of a traced decoupled request (a rescheduled request has several) and
     * lets go of its trace; the request's end is marked by its final flag.
     */
    private void traceExecuted(RequestTrace trace, PendingRequest pending, ComputeTimer timer) {
        trace.model(model.spec().name(), model.version(), pending.prepared.request().id());
        trace.record(TracePoint.REQUEST_START, pending.prepared.receivedNanos());
        trace.add(TracePoint.QUEUE_START, pending.enqueuedNanos);
        timer.mark(trace);
        trace.release();
    }

    /**
     * Queues a decoupled request again that its execution rescheduled: it runs in a later batch
     * (the instance is released and dispatches after this), or fails when the queue is full.
     */
    private void requeue(PendingRequest pending, DecoupledResponses responses) {
        lock.lock();
        try {
            pending.state = PendingRequest.State.QUEUED;
            if (!queue.offer(pending)) {
                pending.state = PendingRequest.State.DONE;
                responses.fail(new InferenceException(
                        Status.UNAVAILABLE, "Exceeds maximum queue size for model '" + model.spec().name() + "'"));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking requests, lets the queued and running ones finish, then closes the instances. */
    @Override
    public Future<?> stop() {
        model.serveInline(null);
        Promise<Void> drain = Promise.promise();
        lock.lock();
        try {
            drained = drain;
            dispatch();
        } finally {
            lock.unlock();
        }
        Future<Void> unlimited = drain.future().andThen(done -> {
            if (claims != null) {
                claims.unregisterAll();
            }
        });
        return threads.closeAfter(unlimited, model, context);
    }
}
