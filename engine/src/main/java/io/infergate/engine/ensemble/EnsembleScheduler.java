package io.infergate.engine.ensemble;

import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ResponseSink;
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
import java.util.function.Consumer;

/**
 * The verticle that serves an ensemble. It computes nothing itself: each request becomes an
 * {@link EnsembleRun} whose steps go through the engine's normal path, so every composing model
 * batches, queues and counts its own statistics. The ensemble's statistics count its requests
 * and their end-to-end time. An ensemble with decoupled steps is decoupled itself: its
 * responses go to the request's sink as they complete.
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
        ResponseSink stream = prepared.sink();
        List<InferenceResponse> answers = new ArrayList<>(1);
        Consumer<Map<String, Tensor>> emit = tensors -> {
            InferenceResponse response = model.assembler().assemble(prepared, outputs(prepared, tensors));
            if (stream != null) {
                stream.response(response);
            } else {
                answers.add(response);
            }
        };
        new EnsembleRun(plan, engine, prepared.request(), prepared.cancellation(), emit).start().onComplete(result -> {
            inFlight--;
            stats.requestLeft();
            long total = System.nanoTime() - prepared.receivedNanos();
            if (result.succeeded()) {
                stats.requestSucceeded(total);
                if (stream != null) {
                    stream.complete();
                    message.reply(null, EngineBus.delivery());
                } else {
                    message.reply(answers.getFirst(), EngineBus.delivery());
                }
            } else {
                InferenceException e = InferenceException.of(result.cause());
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
