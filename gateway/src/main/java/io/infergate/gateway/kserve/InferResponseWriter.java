package io.infergate.gateway.kserve;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.tensor.Tensor;
import io.infergate.gateway.kserve.proto.InferParameter;
import io.infergate.gateway.kserve.proto.ModelInferResponse;
import io.infergate.gateway.kserve.proto.ModelInferResponse.InferOutputTensor;
import java.util.Map;

/**
 * Writes the engine's {@link InferenceResponse} as a {@link ModelInferResponse}. Tensor data goes
 * in {@code raw_output_contents}, as Triton sends it and tritonclient reads it; the output
 * buffers are wrapped, not copied (nobody writes to them after the engine answered).
 */
public final class InferResponseWriter {
    private InferResponseWriter() {
    }

    public static ModelInferResponse write(InferenceResponse response, Map<String, InferParameter> extraParameters) {
        return write(response, extraParameters, Map.of());
    }

    /**
     * @param inRegions outputs written into shared memory, with the parameters that say where:
     *                  they carry those parameters and no contents. When some outputs still have
     *                  contents, a region output holds an empty entry of raw_output_contents, so
     *                  that entry i stays output i's (tritonclient reads them by position).
     */
    public static ModelInferResponse write(InferenceResponse response, Map<String, InferParameter> extraParameters,
            Map<String, Map<String, Object>> inRegions) {
        ModelInferResponse.Builder message = header(response.id(), response.modelName(), response.modelVersion());
        response.parameters().forEach((key, value) -> message.putParameters(key, InferParameters.of(value)));
        message.putAllParameters(extraParameters);
        boolean anyContents = inRegions.isEmpty()
                || response.outputs().stream().anyMatch(output -> !inRegions.containsKey(output.name()));
        for (Tensor output : response.outputs()) {
            InferOutputTensor.Builder tensor = InferOutputTensor.newBuilder()
                    .setName(output.name())
                    .setDatatype(output.dataType().name());
            for (long dim : output.shape()) {
                tensor.addShape(dim);
            }
            Map<String, Object> region = inRegions.get(output.name());
            if (region != null) {
                region.forEach((key, value) -> tensor.putParameters(key, InferParameters.of(value)));
            }
            message.addOutputs(tensor);
            if (region == null) {
                message.addRawOutputContents(UnsafeByteOperations.unsafeWrap(output.bytes()));
            } else if (anyContents) {
                message.addRawOutputContents(ByteString.EMPTY);
            }
        }
        return message.build();
    }

    /** A response with no outputs yet: what identifies the request it answers. */
    public static ModelInferResponse.Builder header(String id, String model, String version) {
        return ModelInferResponse.newBuilder()
                .setId(id == null ? "" : id)
                .setModelName(model == null ? "" : model)
                .setModelVersion(version == null ? "" : version);
    }
}
