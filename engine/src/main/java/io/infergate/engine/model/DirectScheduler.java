package io.infergate.engine.model;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.backend.ComputeTimer;
import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ResponseSender;
import io.infergate.engine.stats.ModelStatsRecorder;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The verticle that serves one model version: requests arrive on its event-bus address, wait in
 * a FIFO queue, and run one at a time on each idle instance, on a worker pool as large as the
 * instance count. All scheduling state lives on this verticle's context, so it needs no locks.
 * Stopping drains: queued and running requests finish before the instances close.
 */
public final class DirectScheduler extends VerticleBase {
    private final LoadedVersion model;
    private final ArrayDeque<Message<PreparedRequest>> queue = new ArrayDeque<>();
    private final ArrayDeque<ModelInstance> idle = new ArrayDeque<>();
    private MessageConsumer<PreparedRequest> consumer;
    private WorkerExecutor workers;
    private Promise<Void> drained;

    public DirectScheduler(LoadedVersion model) {
        this.model = model;
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
        model.stats().requestQueued();
        queue.add(message);
        dispatch();
    }

    private void dispatch() {
        while (!idle.isEmpty() && !queue.isEmpty()) {
            run(idle.poll(), queue.poll());
        }
        if (drained != null && queue.isEmpty() && idle.size() == model.instances().size()) {
            drained.tryComplete();
        }
    }

    private void run(ModelInstance instance, Message<PreparedRequest> message) {
        PreparedRequest prepared = message.body();
        long queueNs = System.nanoTime() - prepared.receivedNanos();
        ComputeTimer timer = new ComputeTimer();
        DecoupledResponses decoupled = prepared.sink() == null ? null
                : new DecoupledResponses(prepared, model.assembler(), model.stats());
        workers.executeBlocking(() -> execute(instance, prepared, timer, decoupled), false).onComplete(result -> {
            idle.add(instance);
            if (decoupled != null) {
                finishDecoupled(message, decoupled, timer, result.cause());
            } else {
                finish(message, queueNs, timer, result.result(), result.cause());
            }
            dispatch();
        });
    }

    private void finish(Message<PreparedRequest> message, long queueNs, ComputeTimer timer, InferenceResponse response,
            Throwable failure) {
        PreparedRequest prepared = message.body();
        ModelStatsRecorder stats = model.stats();
        stats.requestLeft();
        long totalNs = System.nanoTime() - prepared.receivedNanos();
        if (failure == null) {
            stats.executed(prepared.batchSize(), timer.inputNanos(), timer.inferNanos(), timer.outputNanos());
            stats.requestSucceeded(totalNs, queueNs, timer.inputNanos(), timer.inferNanos(), timer.outputNanos());
            message.reply(response, EngineBus.DELIVERY);
        } else {
            stats.requestFailed(totalNs);
            InferenceException error = InferenceException.of(failure);
            message.fail(error.status().ordinal(), error.getMessage());
        }
    }

    /**
     * A decoupled execution returned: the instance is free again. The request itself ends when
     * the model sends the final flag, which it may still do later from a thread of its own.
     */
    private void finishDecoupled(Message<PreparedRequest> message, DecoupledResponses responses, ComputeTimer timer,
            Throwable failure) {
        if (failure == null) {
            model.stats().executed(message.body().batchSize(), timer.inputNanos(), timer.inferNanos(),
                    timer.outputNanos());
        } else {
            responses.failUnlessFinished(failure);
        }
        message.reply(null, EngineBus.DELIVERY);
    }

    private InferenceResponse execute(ModelInstance instance, PreparedRequest prepared, ComputeTimer timer,
            ResponseSender sender) throws Exception {
        List<Tensor> produced = instance.execute(new Execution(prepared.backendInputs(), prepared.outputNames(),
                prepared.batchSize(), timer, sender));
        InferenceResponse response = sender == null ? model.assembler().assemble(prepared, produced) : null;
        timer.finish();
        return response;
    }

    /** Stops taking requests, lets the queued and running ones finish, then closes the instances. */
    @Override
    public Future<?> stop() {
        drained = Promise.promise();
        return consumer.unregister()
                .compose(v -> {
                    dispatch();
                    return drained.future();
                })
                .compose(v -> workers.executeBlocking(() -> {
                    model.closeInstances();
                    return null;
                }))
                .eventually(() -> workers.close());
    }
}
