package io.infergate.engine.lifecycle;

import io.infergate.engine.backend.Backend;
import io.infergate.engine.backend.BackendRegistry;
import io.infergate.engine.config.ConfigDataTypes;
import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.ModelConfigParser;
import io.infergate.engine.config.proto.ModelConfigProto;
import io.infergate.engine.config.proto.ModelConfigProto.BatchInput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelOutput;
import io.infergate.engine.ensemble.EnsemblePlan;
import io.infergate.engine.model.ModelLoadException;
import io.infergate.engine.repository.ModelRepositories;
import io.infergate.engine.scheduler.sequence.SequenceConfigCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a model's configuration and makes it complete: the file or the API's JSON, the name
 * checked against the folder, the backend chosen, auto-complete from the model file, and the
 * checks that reject what this server cannot serve yet.
 */
final class ModelConfigResolver {
    private final BackendRegistry backends;
    private final boolean autoComplete;

    ModelConfigResolver(BackendRegistry backends, boolean autoComplete) {
        this.backends = backends;
        this.autoComplete = autoComplete;
    }

    /** The config as written (file or JSON override), with its name filled in and checked. */
    ModelConfig read(String name, Path modelDir, String configJson) throws ModelLoadException {
        ModelConfig config;
        try {
            Path file = modelDir.resolve(ModelRepositories.CONFIG_FILE);
            if (configJson != null) {
                config = ModelConfigParser.parseJson(configJson);
            } else if (Files.isRegularFile(file)) {
                config = ModelConfigParser.parse(file);
            } else if (autoComplete) {
                config = ModelConfig.getDefaultInstance();
            } else {
                throw new ModelLoadException("model configuration file " + file
                        + " not found (auto-complete is disabled by --strict-model-config or --disable-auto-complete-config)");
            }
        } catch (ModelConfigException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        if (config.getName().isEmpty()) {
            config = config.toBuilder().setName(name).build();
        } else if (!config.getName().equals(name)) {
            throw new ModelLoadException("configuration name '" + config.getName()
                    + "' does not match the model's folder name '" + name + "'");
        }
        return config;
    }

    /** The backend the config selects, or (auto-complete on) the one whose model file is present. */
    Backend backendFor(ModelConfig config, Path modelDir, List<Long> versions) throws ModelLoadException {
        if (!config.getBackend().isEmpty() || !config.getPlatform().isEmpty()) {
            return backends.forConfig(config).orElseThrow(() -> new ModelLoadException("unknown backend '"
                    + config.getBackend() + "' / platform '" + config.getPlatform() + "': this server has "
                    + backends.all().stream().map(Backend::name).toList()));
        }
        if (autoComplete) {
            for (Backend backend : backends.all()) {
                String file = modelFileName(config, backend);
                if (file != null && versions.stream().anyMatch(v -> Files.exists(modelDir.resolve(v + "/" + file)))) {
                    return backend;
                }
            }
        }
        throw new ModelLoadException("the configuration names no backend or platform, and no known model file was found");
    }

    static String modelFileName(ModelConfig config, Backend backend) {
        return config.getDefaultModelFilename().isEmpty() ? backend.defaultModelFilename()
                : config.getDefaultModelFilename();
    }

    /** Auto-completes (when enabled) from one version's model file, then validates. */
    ModelConfig complete(ModelConfig config, Backend backend, Path modelFile) throws ModelLoadException {
        ModelConfig completed = config;
        if (autoComplete) {
            try {
                completed = backend.autoComplete(config, modelFile);
            } catch (Exception e) {
                throw new ModelLoadException("auto-complete failed: " + e.getMessage(), e);
            }
        }
        validate(completed);
        return completed;
    }

    static void validate(ModelConfig config) throws ModelLoadException {
        if (config.getMaxBatchSize() < 0) {
            throw new ModelLoadException("max_batch_size must be >= 0, got " + config.getMaxBatchSize());
        }
        rejectUnsupported(config);
        Set<String> names = new HashSet<>();
        for (ModelInput input : config.getInputList()) {
            checkTensor("input", input.getName(), ConfigDataTypes.toTensorType(input.getDataType()) != null,
                    input.getDimsList(), names);
        }
        names.clear();
        for (ModelOutput output : config.getOutputList()) {
            checkTensor("output", output.getName(), ConfigDataTypes.toTensorType(output.getDataType()) != null,
                    output.getDimsList(), names);
        }
        if (config.getOutputCount() == 0) {
            throw new ModelLoadException("model configuration has no outputs");
        }
        validateBatchInputs(config);
    }

    private static final Set<ModelConfigProto.DataType> BATCH_INPUT_TYPES = Set.of(ModelConfigProto.DataType.TYPE_FP32,
            ModelConfigProto.DataType.TYPE_INT32, ModelConfigProto.DataType.TYPE_INT64);

    private static void validateBatchInputs(ModelConfig config) throws ModelLoadException {
        Set<String> inputs = new HashSet<>();
        config.getInputList().forEach(input -> inputs.add(input.getName()));
        for (BatchInput batchInput : config.getBatchInputList()) {
            if (batchInput.getTargetNameCount() != 1 || inputs.contains(batchInput.getTargetName(0))) {
                throw new ModelLoadException("batch_input needs exactly one target_name that is not a configured input, got "
                        + batchInput.getTargetNameList());
            }
            if (batchInput.getSourceInputCount() == 0 || !inputs.containsAll(batchInput.getSourceInputList())) {
                throw new ModelLoadException("batch_input '" + batchInput.getTargetName(0)
                        + "' needs source_input naming configured inputs, got " + batchInput.getSourceInputList());
            }
            if (!BATCH_INPUT_TYPES.contains(batchInput.getDataType())) {
                throw new ModelLoadException("batch_input '" + batchInput.getTargetName(0)
                        + "' must be TYPE_FP32, TYPE_INT32 or TYPE_INT64");
            }
        }
    }

    /** Scheduler sections that need checks of their own. */
    private static void rejectUnsupported(ModelConfig config) throws ModelLoadException {
        if (config.hasEnsembleScheduling() != EnsemblePlan.isEnsemble(config)) {
            throw new ModelLoadException("ensemble_scheduling and platform \"ensemble\" go together");
        }
        if (config.hasSequenceBatching()) {
            SequenceConfigCheck.validate(config);
        }
        if (config.getResponseCache().getEnable()) {
            rejectUncacheable(config);
        }
    }

    /** Triton's response cache serves neither decoupled nor sequence models; ensembles are not cached here. */
    private static void rejectUncacheable(ModelConfig config) throws ModelLoadException {
        String why = config.getModelTransactionPolicy().getDecoupled() ? "a decoupled model"
                : config.hasSequenceBatching() ? "a model with sequence_batching"
                : config.hasEnsembleScheduling() ? "an ensemble (enable it on the composing models instead)"
                : null;
        if (why != null) {
            throw new ModelLoadException("response_cache cannot be enabled for " + why
                    + ": remove response_cache { enable: true } from its configuration");
        }
    }

    private static void checkTensor(String kind, String name, boolean typeKnown, List<Long> dims, Set<String> seen)
            throws ModelLoadException {
        if (name.isEmpty()) {
            throw new ModelLoadException("an " + kind + " has no name");
        }
        if (!seen.add(name)) {
            throw new ModelLoadException(kind + " '" + name + "' is declared twice");
        }
        if (!typeKnown) {
            throw new ModelLoadException(kind + " '" + name + "' has no valid data_type");
        }
        for (long dim : dims) {
            if (dim < -1) {
                throw new ModelLoadException(kind + " '" + name + "' has an invalid dimension " + dim);
            }
        }
    }
}
