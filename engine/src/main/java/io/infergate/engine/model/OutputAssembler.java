package io.infergate.engine.model;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.api.Status;
import io.infergate.engine.backend.ParameterizedOutputs;
import io.infergate.engine.config.proto.ModelConfigProto.ModelOutput;
import io.infergate.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a backend's outputs into the client's response: output reshape undone, classification
 * applied, outputs in the order the client asked for them, with the parameters the backend set
 * ({@link ParameterizedOutputs}).
 */
public final class OutputAssembler {
    private final String modelName;
    private final String version;
    private final ModelSignature signature;
    private final Map<String, List<String>> labels;

    OutputAssembler(String modelName, String version, ModelSignature signature, Map<String, List<String>> labels) {
        this.modelName = modelName;
        this.version = version;
        this.signature = signature;
        this.labels = labels;
    }

    /** The client response for one request from the outputs produced for it. */
    public InferenceResponse assemble(PreparedRequest prepared, List<Tensor> produced) {
        Map<String, Tensor> byName = new HashMap<>();
        produced.forEach(t -> byName.put(t.name(), t));
        Map<String, RequestedOutput> requested = new HashMap<>();
        prepared.request().requestedOutputs().forEach(r -> requested.put(r.name(), r));
        List<Tensor> outputs = new ArrayList<>(prepared.outputNames().size());
        for (String name : prepared.outputNames()) {
            Tensor tensor = byName.get(name);
            if (tensor == null) {
                throw new InferenceException(Status.INTERNAL, "model '" + modelName + "' did not produce output '"
                        + name + "'");
            }
            tensor = undoReshape(signature.outputs().get(name), tensor, prepared.batchSize());
            RequestedOutput request = requested.get(name);
            if (request != null && request.classificationCount() > 0) {
                tensor = Classifier.classify(tensor, request.classificationCount(), prepared.batchSize(),
                        signature.batches(), labels.getOrDefault(name, List.of()));
            }
            outputs.add(tensor);
        }
        return new InferenceResponse(prepared.request().id(), modelName, version, outputs,
                ParameterizedOutputs.parametersOf(produced));
    }

    private Tensor undoReshape(ModelOutput config, Tensor tensor, int batchSize) {
        if (!config.hasReshape()) {
            return tensor;
        }
        long[] shape = BatchShapes.resolve(config.getDimsList(), signature.batches(), batchSize, tensor.elementCount());
        return tensor.withNameAndShape(tensor.name(), shape);
    }
}
