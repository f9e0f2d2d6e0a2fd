package io.infergate.engine.ensemble;

import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.ensemble.EnsemblePlan.Step;
import io.infergate.engine.model.ModelLoadException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Load-time rules for ensembles with decoupled steps. The steps after a decoupled step run once
 * per response it sends, each run on its own copy of the tensors. That copy is only complete
 * when every other step already finished before the decoupled step answered, so each other step
 * must come before it (feed it, directly or not) or after it (read what it produced); a step
 * running beside it would be run once or many times depending on timing, and is refused.
 */
final class DecoupledSteps {
    private DecoupledSteps() {
    }

    static void check(ModelConfig ensemble, List<Step> steps) throws ModelLoadException {
        List<Step> decoupled = steps.stream().filter(Step::decoupled).toList();
        if (decoupled.isEmpty()) {
            return;
        }
        if (!ensemble.getModelTransactionPolicy().getDecoupled()) {
            throw new ModelLoadException("ensemble '" + ensemble.getName() + "' has the decoupled step '"
                    + decoupled.getFirst().model() + "', so it may answer more than once: set"
                    + " model_transaction_policy { decoupled: true }");
        }
        Map<Step, Set<Step>> before = upstream(steps);
        for (Step stream : decoupled) {
            for (Step other : steps) {
                if (other != stream && !before.get(stream).contains(other) && !before.get(other).contains(stream)) {
                    throw new ModelLoadException("ensemble '" + ensemble.getName() + "': step '" + other.model()
                            + "' neither feeds nor reads the decoupled step '" + stream.model()
                            + "'; steps beside a decoupled step are not supported");
                }
            }
        }
    }

    /** Every step's transitive producers. */
    private static Map<Step, Set<Step>> upstream(List<Step> steps) {
        Map<String, Step> producer = new HashMap<>();
        steps.forEach(step -> step.outputs().values().forEach(tensor -> producer.put(tensor, step)));
        Map<Step, Set<Step>> before = new HashMap<>();
        for (Step step : steps) {
            Set<Step> found = new HashSet<>();
            ArrayDeque<Step> todo = new ArrayDeque<>(List.of(step));
            while (!todo.isEmpty()) {
                for (String tensor : todo.poll().inputs().values()) {
                    Step source = producer.get(tensor);
                    if (source != null && found.add(source)) {
                        todo.add(source);
                    }
                }
            }
            before.put(step, found);
        }
        return before;
    }
}
