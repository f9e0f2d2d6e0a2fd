package io.infergate.engine.backend;

import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import java.nio.file.Path;
import java.util.Set;

/**
 * A kind of model the engine can run, found with {@link java.util.ServiceLoader}. A backend knows
 * nothing of HTTP, gRPC or the event bus: it turns a model's files into {@link ModelInstance}s.
 */
public interface Backend {

    /** The name a config selects with {@code backend: "..."}, such as {@code onnxruntime}. */
    String name();

    /** Triton platform names this backend also answers to, such as {@code onnxruntime_onnx}. */
    default Set<String> platforms() {
        return Set.of();
    }

    /** The file a version folder must hold when the config names none; null when none is needed. */
    default String defaultModelFilename() {
        return null;
    }

    /**
     * Fills in what a partial configuration leaves out (inputs, outputs, max_batch_size) from the
     * model file itself. Called only when auto-complete is enabled.
     *
     * @param modelFile the version's model file, or null for backends that need none
     */
    default ModelConfig autoComplete(ModelConfig config, Path modelFile) throws Exception {
        return config;
    }

    /** Creates one instance of the model; called on a worker thread, may take long. */
    ModelInstance createInstance(ModelSpec model, int instanceIndex) throws Exception;
}
