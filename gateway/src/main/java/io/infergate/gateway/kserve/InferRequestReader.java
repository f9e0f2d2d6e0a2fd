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
import io.infergate.gateway.protocol.RegionRef;
import io.infergate.gateway.protocol.RequestRegions;
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

    /** Reads a request that names no shared memory. */
    public static ReadRequest read(ModelInferRequest message) {
        return read(message, RequestRegions.none());
    }

    /**
     * Reads a request; inputs in shared memory are read from {@code regions}, outputs to be written
     * there are noted in it (the caller closes it, also when reading fails).
     */
    public static ReadRequest read(ModelInferRequest message, RequestRegions regions) {
        // most requests carry no parameters: nothing to copy then (the reader runs per request)
        Map<String, InferParameter> wireParameters = message.getParametersCount() == 0 ? Map.of()
                : new LinkedHashMap<>(message.getParametersMap());
        InferParameter emptyFinal = wireParameters.isEmpty() ? null : wireParameters.remove(ENABLE_EMPTY_FINAL_RESPONSE);
        if (emptyFinal != null && emptyFinal.getParameterChoiceCase() != InferParameter.ParameterChoiceCase.BOOL_PARAM) {
            throw invalid("parameter '" + ENABLE_EMPTY_FINAL_RESPONSE + "' must be a boolean");
        }
        InferenceRequest request = new InferenceRequest(message.getId(), message.getModelName(),
                message.getModelVersion(), inputs(message, regions), outputs(message.getOutputsList(), regions),
                InferParameters.toValues(wireParameters, "request"));
        return new ReadRequest(request, emptyFinal != null && emptyFinal.getBoolParam());
    }

    /**
     * Inputs in order. Raw contents belong to the inputs not in shared memory, one each in order
     * (what tritonclient sends when some inputs are in shared memory).
     */
    private static List<Tensor> inputs(ModelInferRequest message, RequestRegions regions) {
        List<RegionRef> refs = new ArrayList<>(message.getInputsCount());
        for (InferInputTensor input : message.getInputsList()) {
            if (input.getParametersCount() == 0) {
                refs.add(null);
                continue;
            }
            String name = input.getName();
            InputTensors.checkParameters(name, input.getParametersMap().keySet());
            refs.add(RegionRef.of("input '" + name + "'", regionParameters(input)));
        }
        int rawCount = message.getRawInputContentsCount();
        if (rawCount > 0) {
            // Triton checks each input's contents before it counts the raw contents, in these words
            for (InferInputTensor input : message.getInputsList()) {
                if (input.hasContents()) {
                    throw invalid("contents field must not be specified when using raw_input_contents for '"
                            + input.getName() + "' for model '" + message.getModelName() + "'");
                }
            }
            int withoutRegion = 0;
            for (RegionRef ref : refs) {
                withoutRegion += ref == null ? 1 : 0;
            }
            if (rawCount != withoutRegion) {
                throw invalid(withoutRegion == refs.size()
                        ? "the request has " + refs.size() + " inputs but " + rawCount
                                + " raw_input_contents: give one per input, in the same order"
                        : "the request has " + withoutRegion + " inputs not in shared memory but " + rawCount
                                + " raw_input_contents: give one per such input, in the same order");
            }
        }
        List<Tensor> inputs = new ArrayList<>(message.getInputsCount());
        int raw = 0;
        for (int i = 0; i < message.getInputsCount(); i++) {
            InferInputTensor input = message.getInputs(i);
            String name = input.getName();
            DataType type = DataType.fromProtocolName(input.getDatatype());
            if (type == null) {
                throw invalid("input '" + name + "' has unknown datatype '" + input.getDatatype() + "'");
            }
            long[] shape = shape(input);
            RegionRef ref = refs.get(i);
            ByteBuffer data;
            if (ref != null) {
                if (input.hasContents() && TypedContents.isPresent(input.getContents())) {
                    throw invalid("unexpected 'content' provided when using shared memory for input tensor '" + name
                            + "' for model '" + message.getModelName() + "'");
                }
                data = regions.input(message.getModelName(), name, type, shape, ref);
            } else {
                data = data(input, type, shape, rawCount > 0 ? message.getRawInputContents(raw++).asReadOnlyByteBuffer()
                        : null);
            }
            inputs.add(new Tensor(name, type, shape, data));
        }
        return inputs;
    }

    /** The input's shape as an array; a loop, not a stream: this runs for every input of every request. */
    private static long[] shape(InferInputTensor input) {
        long[] shape = new long[input.getShapeCount()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = input.getShape(i);
        }
        return shape;
    }

    /** The input's shared-memory parameters as values; its other parameters stop here unread. */
    private static Map<String, Object> regionParameters(InferInputTensor input) {
        Map<String, InferParameter> named = new LinkedHashMap<>();
        for (String key : RegionRef.KEYS) {
            InferParameter parameter = input.getParametersMap().get(key);
            if (parameter != null) {
                named.put(key, parameter);
            }
        }
        return InferParameters.toValues(named, "input '" + input.getName() + "'");
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

    private static List<RequestedOutput> outputs(List<InferRequestedOutputTensor> requested, RequestRegions regions) {
        List<RequestedOutput> outputs = new ArrayList<>(requested.size());
        for (InferRequestedOutputTensor output : requested) {
            String name = output.getName();
            if (output.getParametersCount() == 0) {
                outputs.add(RequestedOutput.named(name));
                continue;
            }
            Map<String, Object> parameters = InferParameters.toValues(output.getParametersMap(),
                    "output '" + name + "'");
            RegionRef region = RegionRef.of("output '" + name + "'", parameters);
            if (region != null) {
                regions.output(name, region);
                parameters = RegionRef.without(parameters);
            }
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
