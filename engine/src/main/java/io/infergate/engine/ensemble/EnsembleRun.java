package io.infergate.engine.ensemble;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.ensemble.EnsemblePlan.Step;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One request through an ensemble: each step is sent to its model through the engine as soon as
 * all the tensors it reads exist, so independent branches run at once. Tensors pass between
 * steps by reference, renamed only. Runs on the ensemble scheduler's context.
 */
final class EnsembleRun {
    private final EnsemblePlan plan;
    private final InferenceEngine engine;
    private final InferenceRequest request;
    private final Cancellation cancellation;
    private final Map<String, Tensor> tensors = new HashMap<>();
    private final Set<Step> started = new HashSet<>();
    private final Promise<Map<String, Tensor>> done = Promise.promise();
    private int running;

    EnsembleRun(EnsemblePlan plan, InferenceEngine engine, InferenceRequest request, Cancellation cancellation) {
        this.plan = plan;
        this.engine = engine;
        this.request = request;
        this.cancellation = cancellation;
    }

    /** Runs every step; the ensemble's tensors by name once the last step finished. */
    Future<Map<String, Tensor>> start() {
        request.inputs().forEach(input -> tensors.put(input.name(), input));
        launchReady();
        return done.future();
    }

    private void launchReady() {
        for (Step step : plan.steps()) {
            if (!started.contains(step) && tensors.keySet().containsAll(step.inputs().values())) {
                started.add(step);
                running++;
                engine.infer(stepRequest(step), cancellation).onComplete(answer -> {
                    running--;
                    if (answer.failed()) {
                        done.tryFail(answer.cause());
                        return;
                    }
                    collect(step, answer.result());
                    launchReady();
                });
            }
        }
        if (running == 0 && !done.future().isComplete()) {
            if (started.size() == plan.steps().size()) {
                done.complete(tensors);
            } else {
                // optional ensemble inputs the client left out can leave steps unable to start
                done.fail(InferenceException.invalid("ensemble '" + request.modelName()
                        + "' cannot run every step: a step input is missing from the request"));
            }
        }
    }

    private InferenceRequest stepRequest(Step step) {
        List<Tensor> inputs = new ArrayList<>(step.inputs().size());
        step.inputs().forEach((modelInput, tensor) -> inputs.add(tensors.get(tensor).withNameAndShape(modelInput,
                tensors.get(tensor).shape())));
        List<RequestedOutput> outputs = step.outputs().keySet().stream().map(RequestedOutput::named).toList();
        return new InferenceRequest(request.id(), step.model(), step.version(), inputs, outputs, request.parameters());
    }

    private void collect(Step step, InferenceResponse response) {
        for (Tensor output : response.outputs()) {
            String tensor = step.outputs().get(output.name());
            tensors.put(tensor, output.withNameAndShape(tensor, output.shape()));
        }
    }
}
