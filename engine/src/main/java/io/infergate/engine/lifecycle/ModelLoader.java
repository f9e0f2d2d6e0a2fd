package io.infergate.engine.lifecycle;

import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.ModelLoadOverrides;
import io.infergate.engine.backend.Backend;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ModelSpec;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInstanceGroup;
import io.infergate.engine.config.proto.ModelConfigProto.ModelOutput;
import io.infergate.engine.ensemble.EnsemblePlan;
import io.infergate.engine.lifecycle.LoadOutcome.VersionOutcome;
import io.infergate.engine.model.LoadedVersion;
import io.infergate.engine.model.ModelLoadException;
import io.infergate.engine.model.ModelRegistry;
import io.infergate.engine.repository.ModelRepositories;
import io.infergate.engine.repository.VersionPolicy;
import io.infergate.engine.repository.spi.Folders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a model from its folder: configuration, version selection, and the instances of every
 * selected version. Blocking (file IO, native sessions): runs on a worker thread. Never throws:
 * failures are part of the outcome, so one bad model never stops the others.
 */
final class ModelLoader {
    private static final System.Logger LOG = System.getLogger(ModelLoader.class.getName());

    private final ModelRepositories repositories;
    private final ModelConfigResolver resolver;
    private final ModelRegistry registry;
    private final InferenceEngine engine;
    private final ModelCatalog models;

    ModelLoader(ModelRepositories repositories, ModelConfigResolver resolver, ModelRegistry registry,
            InferenceEngine engine, ModelCatalog models) {
        this.repositories = repositories;
        this.resolver = resolver;
        this.registry = registry;
        this.engine = engine;
        this.models = models;
    }

    LoadOutcome load(String name, ModelLoadOverrides overrides) {
        ModelConfig config = null;
        Path uploaded = null;
        try {
            if (!overrides.files().isEmpty()) {
                uploaded = OverrideFiles.materialize(name, overrides.files());
            }
            Path modelDir = uploaded != null ? uploaded : repositories.find(name).orElse(null);
            if (modelDir == null) {
                return LoadOutcome.notFound(name);
            }
            config = resolver.read(name, modelDir, overrides.configJson());
            List<Long> onDisk = ModelRepositories.versionsOnDisk(modelDir);
            if (EnsemblePlan.isEnsemble(config)) {
                return loadEnsemble(name, config, modelDir, onDisk);
            }
            Backend backend = resolver.backendFor(config, modelDir, onDisk);
            String fileName = ModelConfigResolver.modelFileName(config, backend);
            if (onDisk.isEmpty() && fileName == null) {
                // a backend without model files serves version 1 even when git dropped the empty folder
                onDisk = List.of(1L);
            }
            List<Long> selected = VersionPolicy.select(config.getVersionPolicy(), onDisk);
            if (selected.isEmpty()) {
                throw new ModelLoadException("at least one version must be available under the version policy of model '"
                        + name + "'");
            }
            Path newest = modelDir.resolve(Long.toString(selected.getLast()));
            if (fileName != null && !Files.isRegularFile(newest.resolve(fileName))) {
                // auto-complete reads the newest version's file: say plainly that it is missing
                throw new ModelLoadException("version " + selected.getLast() + ": model file "
                        + newest.resolve(fileName) + " not found");
            }
            config = resolver.complete(config, backend, fileName == null ? null : newest.resolve(fileName));
            Map<String, List<String>> labels = readLabels(modelDir, config);
            List<VersionOutcome> versions = new ArrayList<>();
            for (long version : selected) {
                versions.add(loadVersion(name, version, config, backend, modelDir, fileName, labels));
            }
            return new LoadOutcome(name, config, null, versions, true);
        } catch (ModelLoadException e) {
            return LoadOutcome.failed(name, config, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "loading model '" + name + "' failed", e);
            return LoadOutcome.failed(name, config, String.valueOf(e.getMessage()));
        } finally {
            if (uploaded != null) {
                Folders.deleteTree(uploaded.getParent());
            }
        }
    }

    /** An ensemble has no instances: each version gets the plan checked against the loaded models. */
    private LoadOutcome loadEnsemble(String name, ModelConfig config, Path modelDir, List<Long> onDisk)
            throws ModelLoadException {
        ModelConfigResolver.validate(config);
        EnsemblePlan plan = EnsemblePlan.build(config, this::loadedConfig, this::declaredConfig);
        List<VersionOutcome> versions = new ArrayList<>();
        for (long version : VersionPolicy.select(config.getVersionPolicy(), onDisk.isEmpty() ? List.of(1L) : onDisk)) {
            ModelSpec spec = new ModelSpec(name, version, config, modelDir.resolve(Long.toString(version)), null,
                    engine, models);
            versions.add(VersionOutcome.ensemble(version, new LoadedVersion(spec, List.of(), Map.of()), plan));
        }
        return new LoadOutcome(name, config, null, versions, true);
    }

    private ModelConfig loadedConfig(String name) {
        return registry.isReady(name, "") ? registry.config(name, "") : null;
    }

    private ModelConfig declaredConfig(String name) {
        ModelConfig loaded = loadedConfig(name);
        if (loaded != null) {
            return loaded;
        }
        try {
            Path dir = repositories.find(name).orElse(null);
            return dir == null ? null : resolver.read(name, dir, null);
        } catch (ModelLoadException e) {
            return null;
        }
    }

    private VersionOutcome loadVersion(String name, long version, ModelConfig config, Backend backend,
            Path modelDir, String fileName, Map<String, List<String>> labels) {
        Path versionDir = modelDir.resolve(Long.toString(version));
        if (fileName != null && !Files.isDirectory(versionDir)) {
            return VersionOutcome.failed(version, "version " + version + " is not in the model folder");
        }
        Path modelFile = fileName == null ? null : versionDir.resolve(fileName);
        if (modelFile != null && !Files.exists(modelFile)) {
            return VersionOutcome.failed(version, "model file " + modelFile + " not found");
        }
        ModelSpec spec = new ModelSpec(name, version, config, versionDir, modelFile, engine, models);
        List<ModelInstance> instances = new ArrayList<>();
        try {
            int count = instanceCount(name, config);
            for (int i = 0; i < count; i++) {
                instances.add(backend.createInstance(spec, i));
            }
            LoadedVersion loaded = new LoadedVersion(spec, instances, labels);
            Warmup.run(loaded, modelDir);
            return VersionOutcome.loaded(version, loaded);
        } catch (Exception e) {
            instances.forEach(ModelInstance::close);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return VersionOutcome.failed(version, reason);
        }
    }

    /** Instances across all groups (count 0 means 1); GPU groups run on the CPU when there is no GPU. */
    private static int instanceCount(String name, ModelConfig config) {
        if (config.getInstanceGroupCount() == 0) {
            return 1;
        }
        int total = 0;
        for (ModelInstanceGroup group : config.getInstanceGroupList()) {
            if (group.getKind() == ModelInstanceGroup.Kind.KIND_GPU) {
                LOG.log(System.Logger.Level.INFO, "model '" + name + "': KIND_GPU instances run on the CPU here");
            }
            total += Math.max(1, group.getCount());
        }
        return total;
    }

    private static Map<String, List<String>> readLabels(Path modelDir, ModelConfig config) throws ModelLoadException {
        Map<String, List<String>> labels = new HashMap<>();
        for (ModelOutput output : config.getOutputList()) {
            if (output.getLabelFilename().isEmpty()) {
                continue;
            }
            Path file = modelDir.resolve(output.getLabelFilename()).normalize();
            if (!file.startsWith(modelDir)) {
                throw new ModelLoadException("label file of output '" + output.getName() + "' is outside the model folder");
            }
            try {
                labels.put(output.getName(), Files.readAllLines(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ModelLoadException("cannot read label file " + file + ": " + e.getMessage(), e);
            }
        }
        return labels;
    }
}
