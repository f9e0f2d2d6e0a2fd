package io.infergate.engine.model;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.api.Status;
import io.infergate.engine.backend.ParameterizedOutputs;
import io.infergate.engine.config.proto.ModelConfigProto.ModelOutput;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Shapes;
import io.infergate.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a backend's outputs into the client's response: output reshape undone, each output checked
 * against its configured datatype and dims, classification applied, outputs in the order the client
 * asked for them, with the parameters the backend set ({@link ParameterizedOutputs}).
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
            ModelOutput config = signature.outputs().get(name);
            tensor = undoReshape(config, tensor, prepared.batchSize());
            checkAgainstConfig(config, tensor);
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

    /** An output that contradicts the model's configuration fails the request, as Triton's core does. */
    private void checkAgainstConfig(ModelOutput config, Tensor tensor) {
        DataType configured = ModelSignature.dataType(config);
        if (tensor.dataType() != configured) {
            throw new InferenceException(Status.INTERNAL, "output '" + tensor.name() + "' of model '" + modelName
                    + "' has datatype " + tensor.dataType() + ", but its configuration says " + configured);
        }
        long[] expected = signature.clientShape(config.getDimsList());
        if (!Shapes.matches(expected, tensor.shape())) {
            throw new InferenceException(Status.INTERNAL, "output '" + tensor.name() + "' of model '" + modelName
                    + "' has shape " + Shapes.format(tensor.shape()) + ", but its configuration says "
                    + Shapes.format(expected));
        }
    }

    private Tensor undoReshape(ModelOutput config, Tensor tensor, int batchSize) {
        if (!config.hasReshape()) {
            return tensor;
        }
        long[] shape = BatchShapes.resolve(config.getDimsList(), signature.batches(), batchSize, tensor.elementCount());
        return tensor.withNameAndShape(tensor.name(), shape);
    }
}
