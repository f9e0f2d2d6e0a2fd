package io.infergate.engine.lifecycle;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.ModelConfigParser;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelEnsembling;
import io.infergate.engine.ensemble.EnsemblePlan;
import io.infergate.engine.repository.ModelRepositories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The order start-up loads models in: ensembles are checked against their composing models, so
 * every other model loads first (in parallel), then the ensembles one by one, each after the
 * ensembles it contains. Blocking (reads configuration files).
 *
 * @param models    models that are not ensembles (or whose configuration does not parse)
 * @param ensembles ensembles in dependency order
 */
public record StartupOrder(List<String> models, List<String> ensembles) {

    public static StartupOrder of(List<String> names, ModelRepositories repositories) {
        return of(names, repositories, name -> false);
    }

    /**
     * The order to load these models in together with the models their ensembles are composed of
     * (and theirs, for nested ensembles), as Triton loads an ensemble's composing models with it:
     * composing models the repositories hold and {@code ready} says are not ready yet are added.
     */
    public static StartupOrder withComposingModels(List<String> names, ModelRepositories repositories,
            Predicate<String> ready) {
        return of(names, repositories, name -> !ready.test(name));
    }

    private static StartupOrder of(List<String> names, ModelRepositories repositories, Predicate<String> addComposing) {
        List<String> models = new ArrayList<>();
        Map<String, ModelConfig> ensembles = new LinkedHashMap<>();
        Deque<String> pending = new ArrayDeque<>(names);
        Set<String> seen = new HashSet<>(names);
        while (!pending.isEmpty()) {
            String name = pending.poll();
            ModelConfig config = configOf(name, repositories);
            if (config != null && EnsemblePlan.isEnsemble(config)) {
                ensembles.put(name, config);
                for (ModelEnsembling.Step step : config.getEnsembleScheduling().getStepList()) {
                    String composing = step.getModelName();
                    if (addComposing.test(composing) && inRepositories(composing, repositories) && seen.add(composing)) {
                        pending.add(composing);
                    }
                }
            } else {
                models.add(name);
            }
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (String name : ensembles.keySet()) {
            visit(name, ensembles, ordered, new LinkedHashSet<>());
        }
        return new StartupOrder(models, List.copyOf(ordered));
    }

    /** Depth first: contained ensembles before their container; a cycle is left for the load to report. */
    private static void visit(String name, Map<String, ModelConfig> ensembles, Set<String> ordered, Set<String> path) {
        if (ordered.contains(name) || !path.add(name)) {
            return;
        }
        for (ModelEnsembling.Step step : ensembles.get(name).getEnsembleScheduling().getStepList()) {
            if (ensembles.containsKey(step.getModelName())) {
                visit(step.getModelName(), ensembles, ordered, path);
            }
        }
        ordered.add(name);
    }

    /**
     * Whether a repository holds this name; a name no model may have (a step's "../x") is in none,
     * and one whose folder cannot be read is left for its load to report.
     */
    private static boolean inRepositories(String name, ModelRepositories repositories) {
        return folderOf(name, repositories) != null;
    }

    private static Path folderOf(String name, ModelRepositories repositories) {
        try {
            return repositories.find(name).orElse(null);
        } catch (InferenceException invalidOrUnreadable) {
            return null;
        }
    }

    private static ModelConfig configOf(String name, ModelRepositories repositories) {
        Path dir = folderOf(name, repositories);
        Path file = dir == null ? null : dir.resolve(ModelRepositories.CONFIG_FILE);
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            return ModelConfigParser.parse(file);
        } catch (ModelConfigException e) {
            return null;
        }
    }
}
