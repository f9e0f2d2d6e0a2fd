package io.infergate.engine.ensemble;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.InferenceResponse.ComputeTimes;
import io.infergate.engine.api.PacedSink;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.ensemble.EnsemblePlan.Step;
import io.infergate.engine.tensor.Tensor;
import io.infergate.engine.trace.RequestTrace;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One request through an ensemble: each step is sent to its model through the engine as soon as
 * all the tensors it reads exist, so independent branches run at once. Tensors pass between
 * steps by reference, renamed only. Runs on the ensemble scheduler's context.
 *
 * <p>A decoupled step streams: each of its responses continues on a copy of the tensors (a fork)
 * through the steps after it, and every fork that completes all steps is one ensemble response.
 * Without decoupled steps there is exactly one. {@link EnsemblePlan} guarantees that when a
 * decoupled step answers, every step before it has finished, so a fork's copy is complete.
 */
final class EnsembleRun {
    private final EnsemblePlan plan;
    private final InferenceEngine engine;
    private final InferenceRequest request;
    private final Cancellation cancellation;
    private final Consumer<Map<String, Tensor>> emit;
    private final InflightLimit limit;
    private final Promise<Void> done = Promise.promise();
    /** Step calls not yet finished: unary answers awaited, streams not yet complete. */
    private int calls;
    /** The compute times of every step answer so far: what the ensemble's statistics count as its own. */
    private ComputeTimes compute = ComputeTimes.NONE;

    /** The tensors of one line of work: the request's, or a fork's for one decoupled response. */
    private static final class Branch {
        final Map<String, Tensor> tensors;
        final Set<Step> started;
        /** A fork counts against max_inflight_requests until it settles or hands its work on to a decoupled step. */
        boolean holdsPermit;
        int running;
        /** It started a decoupled step: the steps after that run in its forks, never here. */
        boolean forked;
        boolean settled;

        Branch(Map<String, Tensor> tensors, Set<Step> started, boolean fork) {
            this.tensors = tensors;
            this.started = started;
            this.holdsPermit = fork;
        }

        Branch fork() {
            return new Branch(new HashMap<>(tensors), new HashSet<>(started), true);
        }
    }

    /**
     * @param emit called on the scheduler's context with the ensemble's tensors, once per complete
     *             line of work; it may throw InferenceException, which fails the request
     */
    EnsembleRun(EnsemblePlan plan, InferenceEngine engine, InferenceRequest request, Cancellation cancellation,
            Consumer<Map<String, Tensor>> emit) {
        this.plan = plan;
        this.engine = engine;
        this.request = request;
        this.cancellation = cancellation;
        this.emit = emit;
        this.limit = new InflightLimit(plan.maxInflight());
    }

    /** Runs every step; completes once every response was emitted, fails with the first step failure. */
    Future<Void> start() {
        Branch root = new Branch(new HashMap<>(), new HashSet<>(), false);
        request.inputs().forEach(input -> root.tensors.put(input.name(), input));
        launchReady(root);
        return done.future();
    }

    /** The summed compute times of the steps' answers (Triton counts them as the ensemble's). */
    ComputeTimes compute() {
        return compute;
    }

    private void launchReady(Branch branch) {
        for (Step step : plan.steps()) {
            if (!branch.started.contains(step) && branch.tensors.keySet().containsAll(step.inputs().values())) {
                branch.started.add(step);
                branch.running++;
                calls++;
                InferenceRequest stepRequest = stepRequest(branch, step);
                if (step.decoupled()) {
                    branch.forked = true;
                    // its forks take permits of their own: holding this one too would wait on itself
                    releasePermit(branch);
                    engine.inferStream(stepRequest, cancellation, new StepStream(branch, step, stepRequest.trace()));
                } else {
                    engine.infer(stepRequest, cancellation).onComplete(answer -> {
                        endTrace(stepRequest.trace());
                        stepDone(branch);
                        if (answer.failed()) {
                            fail(answer.cause());
                        } else if (!done.future().isComplete()) {
                            compute = compute.plus(answer.result().compute());
                            collect(branch, step, answer.result());
                            launchReady(branch);
                        }
                    });
                }
            }
        }
        settle(branch);
    }

    private void stepDone(Branch branch) {
        branch.running--;
        calls--;
    }

    /** A branch with nothing running is finished: it emits unless it handed its work to forks. */
    private void settle(Branch branch) {
        if (branch.running == 0 && !branch.settled && !done.future().isComplete()) {
            branch.settled = true;
            if (!branch.forked) {
                if (branch.started.size() != plan.steps().size()) {
                    // optional ensemble inputs the client left out can leave steps unable to start
                    fail(InferenceException.invalid("ensemble '" + request.modelName()
                            + "' cannot run every step: a step input is missing from the request"));
                    return;
                }
                try {
                    emit.accept(branch.tensors);
                } catch (InferenceException e) {
                    fail(e);
                    return;
                }
            }
            releasePermit(branch);
        }
        if (calls == 0 && done.tryComplete()) {
            limit.close();
        }
    }

    private void releasePermit(Branch branch) {
        if (branch.holdsPermit) {
            branch.holdsPermit = false;
            limit.release();
        }
    }

    private void fail(Throwable cause) {
        if (done.tryFail(cause)) {
            limit.close();
        }
    }

    private InferenceRequest stepRequest(Branch branch, Step step) {
        List<Tensor> inputs = new ArrayList<>(step.inputs().size());
        step.inputs().forEach((modelInput, tensor) -> inputs.add(branch.tensors.get(tensor)
                .withNameAndShape(modelInput, branch.tensors.get(tensor).shape())));
        List<RequestedOutput> outputs = step.outputs().keySet().stream().map(RequestedOutput::named).toList();
        // a traced request's steps are traced too, as its children
        RequestTrace stepTrace = request.trace() == null ? null : request.trace().child();
        return new InferenceRequest(request.id(), step.model(), step.version(), inputs, outputs, request.parameters(),
                stepTrace);
    }

    private static void endTrace(RequestTrace stepTrace) {
        if (stepTrace != null) {
            stepTrace.end();
        }
    }

    private static void collect(Branch branch, Step step, InferenceResponse response) {
        for (Tensor output : response.outputs()) {
            String tensor = step.outputs().get(output.name());
            branch.tensors.put(tensor, output.withNameAndShape(tensor, output.shape()));
        }
    }

    /** The responses of a decoupled step: each one forks the branch that started it. */
    private final class StepStream implements PacedSink {
        private final Branch branch;
        private final Step step;
        private final RequestTrace trace;

        StepStream(Branch branch, Step step, RequestTrace trace) {
            this.branch = branch;
            this.step = step;
            this.trace = trace;
        }

        @Override
        public void admit(boolean mayWait) {
            limit.admit(mayWait);
        }

        @Override
        public void response(InferenceResponse response) {
            if (done.future().isComplete()) {
                limit.release();
                return;
            }
            compute = compute.plus(response.compute());
            Branch fork = branch.fork();
            collect(fork, step, response);
            launchReady(fork);
        }

        @Override
        public void complete() {
            endTrace(trace);
            stepDone(branch);
            settle(branch);
        }

        @Override
        public void fail(InferenceException error) {
            endTrace(trace);
            stepDone(branch);
            EnsembleRun.this.fail(error);
        }
    }
}
