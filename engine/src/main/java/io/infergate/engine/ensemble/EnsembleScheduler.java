package io.infergate.engine.ensemble;

import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.InferenceResponse.ComputeTimes;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.api.Status;
import io.infergate.engine.model.InlineScheduler;
import io.infergate.engine.model.LoadedVersion;
import io.infergate.engine.model.PreparedRequest;
import io.infergate.engine.stats.FailureReason;
import io.infergate.engine.stats.ModelStatsRecorder;
import io.infergate.engine.tensor.Tensor;
import io.infergate.engine.trace.RequestTrace;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The verticle that serves an ensemble. It computes nothing itself: each request becomes an
 * {@link EnsembleRun} whose steps go through the engine's normal path, so every composing model
 * batches, queues and counts its own statistics. The ensemble's statistics count, as Triton's
 * do, its requests with their end-to-end and queue time, one execution per request, and as its
 * compute times the sums of its steps' (every answer of a decoupled step included). An ensemble
 * with decoupled steps is decoupled itself: its responses go to the request's sink as they complete.
 *
 * <p>Requests come inline ({@link InlineScheduler}), not over the event bus: a run started on
 * an event loop stays there, since the steps' answers come back to the thread that sent them, so
 * an ensemble adds no thread switch to its steps' own. Callers off an event loop (a model's
 * worker thread) are moved onto this verticle's context, which keeps each run on one thread.
 */
public final class EnsembleScheduler extends VerticleBase implements InlineScheduler {
    private final LoadedVersion model;
    private final EnsemblePlan plan;
    private final InferenceEngine engine;
    private final ModelStatsRecorder stats;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Promise<Void> drained = Promise.promise();
    private volatile boolean stopping;

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
        model.serveInline(this);
        return Future.succeededFuture();
    }

    @Override
    public Future<InferenceResponse> handle(PreparedRequest prepared) {
        inFlight.incrementAndGet();
        if (stopping) {
            left();
            return Future.failedFuture(new InferenceException(Status.UNAVAILABLE, "ensemble '"
                    + model.spec().name() + "' version " + model.version() + " is unloading"));
        }
        if (Context.isOnEventLoopThread()) {
            return run(prepared);
        }
        Promise<InferenceResponse> answer = Promise.promise();
        context.runOnContext(v -> run(prepared).onComplete(answer));
        return answer.future();
    }

    private Future<InferenceResponse> run(PreparedRequest prepared) {
        long started = System.nanoTime();
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
        EnsembleRun ensembleRun = new EnsembleRun(plan, engine, prepared.request(), prepared.cancellation(), emit);
        return ensembleRun.start()
                .transform(result -> {
                    stats.requestLeft();
                    left();
                    long now = System.nanoTime();
                    long total = now - prepared.receivedNanos();
                    traceEnsemble(prepared, started, now);
                    if (result.failed()) {
                        stats.requestFailed(total, FailureReason.BACKEND);
                        return Future.failedFuture(InferenceException.of(result.cause()));
                    }
                    ComputeTimes compute = ensembleRun.compute();
                    stats.requestSucceeded(total, started - prepared.receivedNanos(), compute.inputNs(),
                            compute.inferNs(), compute.outputNs());
                    stats.executed(prepared.batchSize(), compute.inputNs(), compute.inferNs(), compute.outputNs());
                    if (stream != null) {
                        stream.complete();
                        return Future.succeededFuture();
                    }
                    return Future.succeededFuture(answers.getFirst().withCompute(compute));
                });
    }

    /** Marks a traced ensemble request: its steps' traces are its children, with their own points. */
    private void traceEnsemble(PreparedRequest prepared, long started, long now) {
        RequestTrace trace = prepared.request().trace();
        if (trace != null) {
            trace.model(model.spec().name(), model.version(), prepared.request().id());
            trace.answered(prepared.receivedNanos(), started, now);
        }
    }

    private void left() {
        if (inFlight.decrementAndGet() == 0 && stopping) {
            drained.tryComplete();
        }
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
        stopping = true;
        model.serveInline(null);
        if (inFlight.get() == 0) {
            drained.tryComplete();
        }
        return drained.future();
    }
}
