package io.infergate.gateway.kserve;

import static io.infergate.engine.api.InferenceException.invalid;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferInputTensor;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferRequestedOutputTensor;
import io.infergate.gateway.kserve.proto.ModelInferResponse;
import io.infergate.gateway.kserve.proto.ModelInferResponse.InferOutputTensor;
import io.infergate.gateway.protocol.Classification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's requests and responses as KServe protobuf messages and back, for the cluster's
 * event-bus codec. A request is written by one node's gateway after its frontend read it, so
 * reading it back on a worker checks no rule again: it only converts (the worker's engine
 * checks what is the model's to check). Tensor data always travels in the raw contents, wrapped
 * on the way out and sliced on the way in, never copied here.
 */
public final class KServeMessages {
    private KServeMessages() {
    }

    public static ModelInferRequest toMessage(InferenceRequest request) {
        ModelInferRequest.Builder message = ModelInferRequest.newBuilder()
                .setId(request.id())
                .setModelName(request.modelName())
                .setModelVersion(request.modelVersion());
        request.parameters().forEach((key, value) -> message.putParameters(key, InferParameters.of(value)));
        for (Tensor input : request.inputs()) {
            InferInputTensor.Builder tensor = InferInputTensor.newBuilder()
                    .setName(input.name())
                    .setDatatype(input.dataType().name());
            for (long dim : input.shape()) {
                tensor.addShape(dim);
            }
            message.addInputs(tensor);
            message.addRawInputContents(UnsafeByteOperations.unsafeWrap(input.bytes()));
        }
        for (RequestedOutput output : request.requestedOutputs()) {
            InferRequestedOutputTensor.Builder requested = InferRequestedOutputTensor.newBuilder().setName(output.name());
            output.parameters().forEach((key, value) -> requested.putParameters(key, InferParameters.of(value)));
            if (output.classificationCount() > 0) {
                requested.putParameters(Classification.PARAMETER, InferParameters.of((long) output.classificationCount()));
            }
            message.addOutputs(requested);
        }
        return message.build();
    }

    /** The mirror image of {@link #toMessage(InferenceRequest)}; INVALID_ARG for a message it did not write. */
    public static InferenceRequest fromMessage(ModelInferRequest message) {
        if (message.getRawInputContentsCount() != message.getInputsCount()) {
            throw invalid("a cluster request carries " + message.getInputsCount() + " inputs but "
                    + message.getRawInputContentsCount() + " raw_input_contents");
        }
        List<Tensor> inputs = new ArrayList<>(message.getInputsCount());
        for (int i = 0; i < message.getInputsCount(); i++) {
            InferInputTensor input = message.getInputs(i);
            inputs.add(tensor(input.getName(), input.getDatatype(), input.getShapeList(), message.getRawInputContents(i)));
        }
        List<RequestedOutput> outputs = new ArrayList<>(message.getOutputsCount());
        for (InferRequestedOutputTensor output : message.getOutputsList()) {
            Map<String, Object> parameters = new LinkedHashMap<>(InferParameters.toValues(output.getParametersMap(),
                    "output '" + output.getName() + "'"));
            Object classification = parameters.remove(Classification.PARAMETER);
            outputs.add(new RequestedOutput(output.getName(),
                    classification == null ? 0 : Math.toIntExact(((Number) classification).longValue()), parameters));
        }
        return new InferenceRequest(message.getId(), message.getModelName(), message.getModelVersion(), inputs, outputs,
                InferParameters.toValues(message.getParametersMap(), "request"));
    }

    public static ModelInferResponse toMessage(InferenceResponse response) {
        return InferResponseWriter.write(response, Map.of());
    }

    public static InferenceResponse fromMessage(ModelInferResponse message) {
        List<Tensor> outputs = new ArrayList<>(message.getOutputsCount());
        for (int i = 0; i < message.getOutputsCount(); i++) {
            InferOutputTensor output = message.getOutputs(i);
            outputs.add(tensor(output.getName(), output.getDatatype(), output.getShapeList(),
                    message.getRawOutputContents(i)));
        }
        return new InferenceResponse(message.getId(), message.getModelName(), message.getModelVersion(), outputs,
                InferParameters.toValues(message.getParametersMap(), "response"));
    }

    private static Tensor tensor(String name, String datatype, List<Long> shape, ByteString contents) {
        DataType type = DataType.fromProtocolName(datatype);
        if (type == null) {
            throw invalid("tensor '" + name + "' has unknown datatype '" + datatype + "'");
        }
        return new Tensor(name, type, shape.stream().mapToLong(Long::longValue).toArray(),
                contents.asReadOnlyByteBuffer());
    }
}
