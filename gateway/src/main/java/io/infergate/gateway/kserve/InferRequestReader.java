package io.infergate.gateway.kserve;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.infergate.gateway.kserve.proto.InferParameter;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferInputTensor;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferRequestedOutputTensor;
import io.infergate.gateway.protocol.Classification;
import io.infergate.gateway.protocol.InputTensors;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link ModelInferRequest} into the engine's {@link InferenceRequest}: tensor data from
 * {@code raw_input_contents} (sliced, not copied) or typed {@code contents}, parameters as plain
 * values. Only wire-format rules live here (datatype names, raw contents one per input, typed
 * contents that fit their datatype and shape); rules about the request and the model are the
 * engine's {@code RequestPreparer}'s.
 */
public final class InferRequestReader {
    /** Streaming clients ask for an empty response carrying the final flag after a decoupled model's last. */
    public static final String ENABLE_EMPTY_FINAL_RESPONSE = "triton_enable_empty_final_response";

    /**
     * @param request            what the engine runs
     * @param emptyFinalResponse whether the client asked for final-flag responses
     */
    public record ReadRequest(InferenceRequest request, boolean emptyFinalResponse) {
    }

    private InferRequestReader() {
    }

    public static ReadRequest read(ModelInferRequest message) {
        Map<String, InferParameter> wireParameters = new LinkedHashMap<>(message.getParametersMap());
        InferParameter emptyFinal = wireParameters.remove(ENABLE_EMPTY_FINAL_RESPONSE);
        if (emptyFinal != null && emptyFinal.getParameterChoiceCase() != InferParameter.ParameterChoiceCase.BOOL_PARAM) {
            throw invalid("parameter '" + ENABLE_EMPTY_FINAL_RESPONSE + "' must be a boolean");
        }
        InferenceRequest request = new InferenceRequest(message.getId(), message.getModelName(),
                message.getModelVersion(), inputs(message), outputs(message.getOutputsList()),
                InferParameters.toValues(wireParameters, "request"));
        return new ReadRequest(request, emptyFinal != null && emptyFinal.getBoolParam());
    }

    private static List<Tensor> inputs(ModelInferRequest message) {
        int rawCount = message.getRawInputContentsCount();
        if (rawCount > 0) {
            // Triton checks each input's contents before it counts the raw contents, in these words
            for (InferInputTensor input : message.getInputsList()) {
                if (input.hasContents()) {
                    throw invalid("contents field must not be specified when using raw_input_contents for '"
                            + input.getName() + "' for model '" + message.getModelName() + "'");
                }
            }
            if (rawCount != message.getInputsCount()) {
                throw invalid("the request has " + message.getInputsCount() + " inputs but " + rawCount
                        + " raw_input_contents: give one per input, in the same order");
            }
        }
        List<Tensor> inputs = new ArrayList<>(message.getInputsCount());
        for (int i = 0; i < message.getInputsCount(); i++) {
            InferInputTensor input = message.getInputs(i);
            String name = input.getName();
            DataType type = DataType.fromProtocolName(input.getDatatype());
            if (type == null) {
                throw invalid("input '" + name + "' has unknown datatype '" + input.getDatatype() + "'");
            }
            long[] shape = input.getShapeList().stream().mapToLong(Long::longValue).toArray();
            InputTensors.checkParameters(name, input.getParametersMap().keySet());
            ByteBuffer data = data(input, type, shape, rawCount > 0 ? message.getRawInputContents(i).asReadOnlyByteBuffer()
                    : null);
            inputs.add(new Tensor(name, type, shape, data));
        }
        return inputs;
    }

    private static ByteBuffer data(InferInputTensor input, DataType type, long[] shape, ByteBuffer raw) {
        if (raw != null) {
            return raw;
        }
        boolean typed = input.hasContents() && TypedContents.isPresent(input.getContents());
        return typed ? TypedContents.encode(input.getName(), type, InputTensors.elementCount(input.getName(), type, shape),
                input.getContents())
                : ByteBuffer.allocate(0);
    }

    private static List<RequestedOutput> outputs(List<InferRequestedOutputTensor> requested) {
        List<RequestedOutput> outputs = new ArrayList<>(requested.size());
        for (InferRequestedOutputTensor output : requested) {
            String name = output.getName();
            Map<String, Object> parameters = InferParameters.toValues(output.getParametersMap(),
                    "output '" + name + "'");
            Object count = parameters.remove(Classification.PARAMETER);
            int classification = 0;
            if (count != null) {
                if (!(count instanceof Long k)) {
                    throw Classification.refused(name, count);
                }
                classification = Classification.count(name, k);
            }
            outputs.add(new RequestedOutput(name, classification, parameters));
        }
        return outputs;
    }
}
