package io.infergate.engine.backend.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import io.infergate.engine.backend.Backend;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ModelSpec;
import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import java.nio.file.Path;
import java.util.Set;

/**
 * The ONNX Runtime backend: {@code backend: "onnxruntime"} or {@code platform: "onnxruntime_onnx"},
 * model file {@code model.onnx}. Each instance owns one session; all share the process-wide
 * {@link OnnxEnvironment} and its thread pool. Session settings: see {@link OnnxSessionOptions}.
 */
public final class OnnxBackend implements Backend {

    public static final String NAME = "onnxruntime";
    public static final String PLATFORM = "onnxruntime_onnx";
    public static final String DEFAULT_MODEL_FILENAME = "model.onnx";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> platforms() {
        return Set.of(PLATFORM);
    }

    @Override
    public String defaultModelFilename() {
        return DEFAULT_MODEL_FILENAME;
    }

    @Override
    public ModelConfig autoComplete(ModelConfig config, Path modelFile) throws Exception {
        // Reading the signature needs only a session with no optimization and one thread.
        try (SessionOptions options = new SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setOptimizationLevel(SessionOptions.OptLevel.NO_OPT);
            try (OrtSession session = open(modelFile, options)) {
                return OnnxAutoComplete.complete(config, OnnxSignature.of(session));
            }
        }
    }

    @Override
    public ModelInstance createInstance(ModelSpec model, int instanceIndex) throws Exception {
        if (model.modelFile() == null) {
            throw new ModelConfigException("model '" + model.name() + "' has no model file");
        }
        OnnxSessionOptions settings = OnnxSessionOptions.from(model.config());
        OrtSession session;
        try (SessionOptions options = settings.toSessionOptions()) {
            session = open(model.modelFile(), options);
        }
        try {
            OnnxSignature.of(session).validate(model.config());
            return new OnnxModelInstance(OnnxEnvironment.get(), session, settings);
        } catch (Exception | Error e) {
            session.close();
            throw e;
        }
    }

    private static OrtSession open(Path modelFile, SessionOptions options) throws ModelConfigException {
        try {
            return OnnxEnvironment.get().createSession(modelFile.toString(), options);
        } catch (OrtException e) {
            throw new ModelConfigException("onnxruntime cannot load " + modelFile.getFileName() + ": "
                    + e.getMessage(), e);
        }
    }
}
