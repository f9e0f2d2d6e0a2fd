package io.infergate.gateway.http;

import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.tensor.Tensor;
import java.util.Map;

/**
 * Writes one response as Triton's generate response: a flat JSON object of {@code model_name},
 * {@code model_version}, {@code id} (when the request had one), the response parameters, and one
 * key per output whose value is the output's single element, or a flat array when it has more
 * (or none); BYTES elements as strings.
 */
final class GenerateResponseEncoder {
    private GenerateResponseEncoder() {
    }

    static String encode(InferenceResponse response) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"model_name\":");
        JsonText.string(json, response.modelName());
        json.append(",\"model_version\":");
        JsonText.string(json, response.modelVersion());
        if (!response.id().isEmpty()) {
            json.append(",\"id\":");
            JsonText.string(json, response.id());
        }
        for (Map.Entry<String, Object> parameter : response.parameters().entrySet()) {
            json.append(',');
            JsonText.string(json, parameter.getKey());
            json.append(':');
            JsonText.value(json, parameter.getValue());
        }
        for (Tensor output : response.outputs()) {
            json.append(',');
            JsonText.string(json, output.name());
            json.append(':');
            value(json, output);
        }
        return json.append('}').toString();
    }

    private static void value(StringBuilder json, Tensor output) {
        if (output.elementCount() != 1) {
            InferResponseEncoder.writeData(json, output);
            return;
        }
        // Triton strips the array around a single element
        StringBuilder array = new StringBuilder();
        InferResponseEncoder.writeData(array, output);
        json.append(array, 1, array.length() - 1);
    }
}
