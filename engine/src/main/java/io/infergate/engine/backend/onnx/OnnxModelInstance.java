package io.infergate.engine.backend.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.RunOptions;
import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One ONNX Runtime session; runs one execution at a time on the scheduler's worker thread. */
public final class OnnxModelInstance implements ModelInstance {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final OnnxSessionOptions settings;
    private final RunOptions runOptions;

    OnnxModelInstance(OrtEnvironment env, OrtSession session, OnnxSessionOptions settings) throws OrtException {
        this.env = env;
        this.session = session;
        this.settings = settings;
        this.runOptions = settings.toRunOptions();
    }

    /** The session settings this instance was created with. */
    public OnnxSessionOptions settings() {
        return settings;
    }

    /**
     * Runs the session on the inputs and returns the requested outputs (all model outputs when
     * none are named). An ONNX Runtime failure surfaces as its {@link OrtException}, with its message.
     */
    @Override
    public List<Tensor> execute(Execution execution) throws Exception {
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            for (Tensor input : execution.inputs()) {
                feeds.put(input.name(), OnnxTensors.toOnnx(env, input));
            }
            Set<String> wanted = execution.requestedOutputs().isEmpty()
                    ? session.getOutputNames() : new LinkedHashSet<>(execution.requestedOutputs());
            execution.timer().inputsReady();
            try (OrtSession.Result result = runOptions == null
                    ? session.run(feeds, wanted) : session.run(feeds, wanted, runOptions)) {
                execution.timer().inferenceDone();
                List<Tensor> outputs = new ArrayList<>(result.size());
                for (Map.Entry<String, OnnxValue> output : result) {
                    if (!(output.getValue() instanceof OnnxTensor tensor)) {
                        throw new IllegalStateException("output '" + output.getKey() + "' is not a tensor");
                    }
                    outputs.add(OnnxTensors.fromOnnx(output.getKey(), tensor));
                }
                return outputs;
            }
        } finally {
            for (OnnxTensor tensor : feeds.values()) {
                tensor.close();
            }
        }
    }

    @Override
    public void close() {
        try {
            if (runOptions != null) {
                runOptions.close();
            }
        } finally {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("closing the onnxruntime session failed: " + e.getMessage(), e);
            }
        }
    }
}
