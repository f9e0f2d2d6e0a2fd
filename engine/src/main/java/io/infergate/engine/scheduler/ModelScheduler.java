package io.infergate.engine.scheduler;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.api.Status;
import io.infergate.engine.backend.ComputeTimer;
import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.config.proto.ModelConfigProto.ModelQueuePolicy.TimeoutAction;
import io.infergate.engine.model.EngineBus;
import io.infergate.engine.model.LoadedVersion;
import io.infergate.engine.model.PreparedRequest;
import io.infergate.engine.stats.FailureReason;
import io.infergate.engine.stats.ModelStatsRecorder;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The verticle that serves one model version. Requests arrive on its event-bus address and wait
 * in priority queues; whenever an instance is idle the {@link BatchFormer} picks the next batch
 * (one request, or several merged by the dynamic batcher), which runs on a worker pool as large
 * as the instance count. All scheduling state lives on this verticle's context: no locks, and
 * timers instead of sleeping threads for queue delays and timeouts. Stopping drains: queued and
 * running requests finish before the instances close.
 */
public final class ModelScheduler extends VerticleBase {
    private final LoadedVersion model;
    private final SchedulingPolicy policy;
    private final RequestQueue queue;
    private final BatchFormer former;
    private final ResponseOrder order;
    private final ArrayDeque<ModelInstance> idle = new ArrayDeque<>();
    private final ModelStatsRecorder stats;
    private MessageConsumer<PreparedRequest> consumer;
    private WorkerExecutor workers;
    private long batchTimer = -1;
    private Promise<Void> drained;

    public ModelScheduler(LoadedVersion model) {
        this.model = model;
        this.policy = new SchedulingPolicy(model.spec().config());
        this.queue = new RequestQueue(policy);
        this.former = new BatchFormer(policy);
        this.order = new ResponseOrder();
        this.stats = model.stats();
    }

    @Override
    public Future<?> start() {
        idle.addAll(model.instances());
        workers = vertx.createSharedWorkerExecutor("infergate-" + model.spec().name() + "-" + model.version(),
                model.instances().size());
        consumer = vertx.eventBus().localConsumer(model.address(), this::accept);
        return consumer.completion();
    }

    private void accept(Message<PreparedRequest> message) {
        PreparedRequest prepared = message.body();
        int queueIndex;
        try {
            queueIndex = policy.queueIndex(prepared.priority());
        } catch (IllegalArgumentException e) {
            reject(message, FailureReason.OTHER, new InferenceException(Status.INVALID_ARG, e.getMessage()));
            return;
        }
        PendingRequest pending = new PendingRequest(message, queueIndex);
        if (!queue.offer(pending)) {
            reject(message, FailureReason.REJECTED, new InferenceException(Status.UNAVAILABLE,
                    "Exceeds maximum queue size for model '" + model.spec().name() + "'"));
            return;
        }
        stats.requestQueued();
        pending.timeoutMicros = policy.timeoutMicros(queueIndex, prepared.timeoutMicros());
        if (pending.timeoutMicros > 0) {
            pending.timeoutTimer = vertx.setTimer(Math.max(1, pending.timeoutMicros / 1000), id -> timedOut(pending));
        }
        Context context = vertx.getOrCreateContext();
        prepared.cancellation().onCancel(() -> context.runOnContext(v -> cancelled(pending)));
        dispatch();
    }

    /** Fails a request: into its sink when it has one (it was sent without awaiting a reply), else by reply. */
    private void reject(Message<PreparedRequest> message, FailureReason reason, InferenceException error) {
        PreparedRequest prepared = message.body();
        stats.requestFailed(System.nanoTime() - prepared.receivedNanos(), reason);
        if (prepared.sink() != null) {
            prepared.sink().fail(error);
        } else {
            message.fail(error.status().ordinal(), error.getMessage());
        }
    }

    private void timedOut(PendingRequest pending) {
        pending.timeoutTimer = -1;
        if (pending.state != PendingRequest.State.QUEUED) {
            return;
        }
        if (policy.queuePolicy(pending.queueIndex).getTimeoutAction() == TimeoutAction.DELAY) {
            pending.timeoutMicros = 0; // delayed, not withdrawn: the backend sees no expired deadline
            queue.delay(pending);
            dispatch();
            return;
        }
        queue.remove(pending);
        leaveQueue(pending, FailureReason.REJECTED, new InferenceException(Status.UNAVAILABLE,
                "Request timeout expired for model '" + model.spec().name() + "'"));
        dispatch();
    }

    private void cancelled(PendingRequest pending) {
        if (pending.state == PendingRequest.State.QUEUED && queue.remove(pending)) {
            leaveQueue(pending, FailureReason.CANCELED, new InferenceException(Status.CANCELLED,
                    "the request was cancelled by its client"));
            dispatch();
        }
    }

    /** A queued request ends without being computed. */
    private void leaveQueue(PendingRequest pending, FailureReason reason, InferenceException error) {
        pending.state = PendingRequest.State.DONE;
        stats.requestLeft();
        reject(pending.message, reason, error);
    }

    private void dispatch() {
        if (batchTimer >= 0) {
            vertx.cancelTimer(batchTimer);
            batchTimer = -1;
        }
        while (!idle.isEmpty()) {
            BatchFormer.Decision decision = former.next(queue, System.nanoTime());
            if (decision.isBatch()) {
                run(idle.poll(), decision.requests());
            } else {
                if (decision.isWait()) {
                    long delayMs = Math.max(1, (decision.waitUntilNanos() - System.nanoTime() + 999_999) / 1_000_000);
                    batchTimer = vertx.setTimer(delayMs, id -> {
                        batchTimer = -1;
                        dispatch();
                    });
                }
                break;
            }
        }
        if (drained != null && queue.isEmpty() && idle.size() == model.instances().size()) {
            drained.tryComplete();
        }
    }

    private void run(ModelInstance instance, List<PendingRequest> batch) {
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
        if (policy.preserveOrdering()) {
            long ticket = order.ticket();
            workers.executeBlocking(() -> execute(instance, batch, timer, decoupled), false).onComplete(result -> {
                idle.add(instance);
                if (result.succeeded()) {
                    executed(batch, timer);
                }
                order.finished(ticket,
                        () -> answer(batch, startNanos, timer, decoupled, result.result(), result.cause()));
                dispatch();
            });
            return;
        }
        // Without an order to keep, the worker answers at once: the answer goes straight to the
        // caller instead of through this verticle's event loop first.
        workers.executeBlocking(() -> {
            executeAndAnswer(instance, batch, startNanos, timer, decoupled);
            return null;
        }, false).onComplete(done -> {
            idle.add(instance);
            dispatch();
        });
    }

    private void executeAndAnswer(ModelInstance instance, List<PendingRequest> batch, long startNanos,
            ComputeTimer timer, DecoupledResponses decoupled) {
        List<Object> answers;
        try {
            answers = execute(instance, batch, timer, decoupled);
        } catch (Exception e) {
            answer(batch, startNanos, timer, decoupled, null, e);
            return;
        }
        executed(batch, timer);
        answer(batch, startNanos, timer, decoupled, answers, null);
    }

    private void executed(List<PendingRequest> batch, ComputeTimer timer) {
        stats.executed(batchSize(batch), timer.inputNanos(), timer.inferNanos(), timer.outputNanos());
    }

    private static int batchSize(List<PendingRequest> batch) {
        int size = 0;
        for (PendingRequest pending : batch) {
            size += pending.batchSize();
        }
        return size;
    }

    /** Runs on a worker thread: join, execute, split, and assemble each request's response. */
    private List<Object> execute(ModelInstance instance, List<PendingRequest> batch, ComputeTimer timer,
            DecoupledResponses decoupled) throws Exception {
        List<Tensor> inputs = batch.size() == 1 && !policy.reshapesBatches() ? batch.getFirst().prepared.backendInputs()
                : joinWithBatchInputs(batch);
        Set<String> outputs = new LinkedHashSet<>();
        batch.forEach(pending -> outputs.addAll(pending.prepared.outputNames()));
        List<Tensor> produced = instance.execute(new Execution(inputs, outputs, batchSize(batch), timer, decoupled,
                batch.stream().map(PendingRequest::details).toList()));
        List<Object> answers = new ArrayList<>(batch.size());
        if (decoupled == null) {
            List<List<Tensor>> perRequest = batch.size() == 1 ? List.of(produced) : BatchTensors.split(produced, batch);
            for (int i = 0; i < batch.size(); i++) {
                try {
                    answers.add(model.assembler().assemble(batch.get(i).prepared, perRequest.get(i)));
                } catch (InferenceException e) {
                    answers.add(e);
                }
            }
        }
        timer.finish();
        return answers;
    }

    private List<Tensor> joinWithBatchInputs(List<PendingRequest> batch) {
        List<Tensor> inputs = new ArrayList<>(BatchTensors.join(batch, policy.raggedInputs()));
        inputs.addAll(BatchInputs.of(policy.batchInputs(), batch));
        return inputs;
    }

    /**
     * Answers every request of a finished batch, by reply or into its sink; a failed execution
     * fails all of them. Runs on the worker, or on this verticle when ordering is preserved.
     */
    private void answer(List<PendingRequest> batch, long startNanos, ComputeTimer timer,
            DecoupledResponses decoupled, List<Object> answers, Throwable failure) {
        if (decoupled != null) {
            PendingRequest pending = batch.getFirst();
            pending.state = PendingRequest.State.DONE;
            if (failure != null) {
                decoupled.fail(failure);
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            PendingRequest pending = batch.get(i);
            pending.state = PendingRequest.State.DONE;
            stats.requestLeft();
            Object answer = failure != null ? InferenceException.of(failure) : answers.get(i);
            if (answer instanceof InferenceResponse response) {
                long queueNs = startNanos - pending.prepared.receivedNanos();
                stats.requestSucceeded(System.nanoTime() - pending.prepared.receivedNanos(), queueNs,
                        timer.inputNanos(), timer.inferNanos(), timer.outputNanos());
                ResponseSink sink = pending.prepared.sink();
                if (sink != null) {
                    sink.response(response);
                    sink.complete();
                } else {
                    pending.message.reply(response, EngineBus.delivery());
                }
            } else {
                reject(pending.message, FailureReason.BACKEND, (InferenceException) answer);
            }
        }
    }

    /** Stops taking requests, lets the queued and running ones finish, then closes the instances. */
    @Override
    public Future<?> stop() {
        drained = Promise.promise();
        return InstanceShutdown.afterDrain(consumer.unregister().compose(v -> {
            dispatch();
            return drained.future();
        }), workers, model);
    }
}
