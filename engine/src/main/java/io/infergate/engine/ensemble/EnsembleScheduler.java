package io.infergate.engine.ensemble;

import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.model.EngineBus;
import io.infergate.engine.model.LoadedVersion;
import io.infergate.engine.model.PreparedRequest;
import io.infergate.engine.stats.FailureReason;
import io.infergate.engine.stats.ModelStatsRecorder;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The verticle that serves an ensemble. It computes nothing itself: each request becomes an
 * {@link EnsembleRun} whose steps go through the engine's normal path, so every composing model
 * batches, queues and counts its own statistics. The ensemble's statistics count its requests
 * and their end-to-end time.
 */
public final class EnsembleScheduler extends VerticleBase {
    private final LoadedVersion model;
    private final EnsemblePlan plan;
    private final InferenceEngine engine;
    private final ModelStatsRecorder stats;
    private MessageConsumer<PreparedRequest> consumer;
    private int inFlight;
    private Promise<Void> drained;

    /**
     * @param engine the engine the steps run on: the same engine that routes requests to this ensemble
     */
    public EnsembleScheduler(LoadedVersion model, EnsemblePlan plan, InferenceEngine engine) {
        this.model = model;
        this.plan = plan;
        this.engine = engine;
        this.stats = model.stats();
    }

    @Override
    public Future<?> start() {
        consumer = vertx.eventBus().localConsumer(model.address(), this::accept);
        return consumer.completion();
    }

    private void accept(Message<PreparedRequest> message) {
        PreparedRequest prepared = message.body();
        inFlight++;
        stats.requestQueued();
        new EnsembleRun(plan, engine, prepared.request(), prepared.cancellation()).start().onComplete(result -> {
            inFlight--;
            stats.requestLeft();
            long total = System.nanoTime() - prepared.receivedNanos();
            try {
                if (result.failed()) {
                    throw InferenceException.of(result.cause());
                }
                message.reply(model.assembler().assemble(prepared, outputs(prepared, result.result())),
                        EngineBus.delivery());
                stats.requestSucceeded(total);
            } catch (InferenceException e) {
                stats.requestFailed(total, FailureReason.BACKEND);
                message.fail(e.status().ordinal(), e.getMessage());
            }
            if (drained != null && inFlight == 0) {
                drained.tryComplete();
            }
        });
    }

    private static List<Tensor> outputs(PreparedRequest prepared, Map<String, Tensor> tensors) {
        List<Tensor> outputs = new ArrayList<>();
        for (String name : prepared.outputNames()) {
            Tensor tensor = tensors.get(name);
            if (tensor != null) {
                outputs.add(tensor);
            }
        }
        return outputs;
    }

    /** Stops taking requests and waits for the running ones. */
    @Override
    public Future<?> stop() {
        drained = Promise.promise();
        return consumer.unregister().compose(v -> {
            if (inFlight == 0) {
                drained.tryComplete();
            }
            return drained.future();
        });
    }
}
