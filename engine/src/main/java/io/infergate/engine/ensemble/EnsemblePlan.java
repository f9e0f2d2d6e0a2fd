package io.infergate.engine.ensemble;

import io.infergate.engine.config.proto.ModelConfigProto.DataType;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelEnsembling;
import io.infergate.engine.model.ModelLoadException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * An ensemble's steps as a checked data-flow graph: every tensor a step reads is an ensemble
 * input or the output of exactly one step, types agree where tensors cross, no step depends on
 * itself through other steps, and no ensemble contains itself. Built at load time, so a bad
 * ensemble fails to load with a message instead of failing requests.
 */
public final class EnsemblePlan {
    /**
     * One step.
     *
     * @param model   composing model
     * @param version its version ("" for the newest)
     * @param inputs  model input name -> ensemble tensor it reads
     * @param outputs   model output name -> ensemble tensor it produces
     * @param decoupled whether the model answers zero to many times: the steps after it run once per response
     */
    public record Step(String model, String version, Map<String, String> inputs, Map<String, String> outputs,
            boolean decoupled) {
    }

    private final List<Step> steps;
    private final int maxInflight;

    private EnsemblePlan(List<Step> steps, int maxInflight) {
        this.steps = List.copyOf(steps);
        this.maxInflight = maxInflight;
    }

    public static boolean isEnsemble(ModelConfig config) {
        return "ensemble".equals(config.getPlatform());
    }

    public List<Step> steps() {
        return steps;
    }

    /** max_inflight_requests: responses of decoupled steps in flight per request (0: unlimited). */
    public int maxInflight() {
        return maxInflight;
    }

    /** Whether some step is decoupled, so one request may get zero to many responses. */
    public boolean streams() {
        return steps.stream().anyMatch(Step::decoupled);
    }

    /**
     * Checks an ensemble against the configurations of its composing models.
     *
     * @param configOf the configuration of a loaded model by name, or null when it is not available
     * @param declared the configuration of any model by name, loaded or only in a repository (or null),
     *                 to find cycles through ensembles that could never load
     */
    public static EnsemblePlan build(ModelConfig ensemble, Function<String, ModelConfig> configOf,
            Function<String, ModelConfig> declared) throws ModelLoadException {
        if (ensemble.getEnsembleScheduling().getStepCount() == 0) {
            throw new ModelLoadException("ensemble '" + ensemble.getName() + "' has no ensemble_scheduling steps");
        }
        rejectModelCycle(ensemble.getName(), ensemble, declared, new LinkedHashSet<>());
        Map<String, DataType> produced = new HashMap<>();
        ensemble.getInputList().forEach(input -> produced.put(input.getName(), input.getDataType()));
        List<Step> steps = new ArrayList<>();
        for (ModelEnsembling.Step spec : ensemble.getEnsembleScheduling().getStepList()) {
            ModelConfig model = configOf.apply(spec.getModelName());
            if (model == null) {
                throw new ModelLoadException("ensemble '" + ensemble.getName() + "' step model '" + spec.getModelName()
                        + "' is not available");
            }
            for (Map.Entry<String, String> output : spec.getOutputMapMap().entrySet()) {
                DataType type = outputType(model, output.getKey());
                if (produced.put(output.getValue(), type) != null) {
                    throw new ModelLoadException("ensemble tensor '" + output.getValue() + "' is produced twice");
                }
            }
            String version = spec.getModelVersion() < 0 ? "" : Long.toString(spec.getModelVersion());
            steps.add(new Step(spec.getModelName(), version, spec.getInputMapMap(), spec.getOutputMapMap(),
                    model.getModelTransactionPolicy().getDecoupled()));
        }
        checkConsumers(ensemble, steps, produced, configOf);
        rejectStepCycle(ensemble, steps);
        DecoupledSteps.check(ensemble, steps);
        return new EnsemblePlan(steps, ensemble.getEnsembleScheduling().getMaxInflightRequests());
    }

    private static DataType outputType(ModelConfig model, String name) throws ModelLoadException {
        return model.getOutputList().stream().filter(o -> o.getName().equals(name)).findFirst()
                .orElseThrow(() -> new ModelLoadException("model '" + model.getName() + "' has no output '" + name + "'"))
                .getDataType();
    }

    private static void checkConsumers(ModelConfig ensemble, List<Step> steps, Map<String, DataType> produced,
            Function<String, ModelConfig> configOf) throws ModelLoadException {
        for (Step step : steps) {
            ModelConfig model = configOf.apply(step.model());
            for (Map.Entry<String, String> input : step.inputs().entrySet()) {
                DataType wanted = model.getInputList().stream().filter(i -> i.getName().equals(input.getKey()))
                        .findFirst().orElseThrow(() -> new ModelLoadException("model '" + step.model()
                                + "' has no input '" + input.getKey() + "'")).getDataType();
                requireType(input.getValue(), produced, wanted, "input '" + input.getKey() + "' of step '"
                        + step.model() + "'");
            }
        }
        for (var output : ensemble.getOutputList()) {
            requireType(output.getName(), produced, output.getDataType(), "ensemble output '" + output.getName() + "'");
        }
    }

    private static void requireType(String tensor, Map<String, DataType> produced, DataType wanted, String consumer)
            throws ModelLoadException {
        DataType type = produced.get(tensor);
        if (type == null) {
            throw new ModelLoadException("ensemble tensor '" + tensor + "' read by " + consumer
                    + " is neither an ensemble input nor produced by a step");
        }
        if (type != wanted) {
            throw new ModelLoadException("ensemble tensor '" + tensor + "' is " + type + " but " + consumer
                    + " expects " + wanted);
        }
    }

    /** An ensemble may not contain itself, directly or through other ensembles. */
    private static void rejectModelCycle(String root, ModelConfig ensemble, Function<String, ModelConfig> configOf,
            LinkedHashSet<String> path) throws ModelLoadException {
        path.add(ensemble.getName());
        for (ModelEnsembling.Step step : ensemble.getEnsembleScheduling().getStepList()) {
            if (path.contains(step.getModelName())) {
                throw new ModelLoadException("ensemble '" + root + "' forms a cycle: " + String.join(" -> ", path)
                        + " -> " + step.getModelName());
            }
            ModelConfig composing = configOf.apply(step.getModelName());
            if (composing != null && isEnsemble(composing)) {
                rejectModelCycle(root, composing, configOf, path);
            }
        }
        path.remove(ensemble.getName());
    }

    /** Steps feeding each other in a loop would never start. */
    private static void rejectStepCycle(ModelConfig ensemble, List<Step> steps) throws ModelLoadException {
        Set<String> available = new HashSet<>();
        ensemble.getInputList().forEach(input -> available.add(input.getName()));
        Set<Step> done = new HashSet<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Step step : steps) {
                if (!done.contains(step) && available.containsAll(step.inputs().values())) {
                    done.add(step);
                    available.addAll(step.outputs().values());
                    progress = true;
                }
            }
        }
        if (done.size() != steps.size()) {
            throw new ModelLoadException("the steps of ensemble '" + ensemble.getName()
                    + "' form a cycle: some step waits for a tensor that only a later step of the loop produces");
        }
    }
}
