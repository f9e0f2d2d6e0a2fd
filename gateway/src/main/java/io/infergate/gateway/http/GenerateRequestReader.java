package io.infergate.gateway.http;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.ModelMetadata;
import io.infergate.engine.api.ModelMetadata.TensorMetadata;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Shapes;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Triton's generate request: a flat JSON object whose keys are the model's input names
 * (a value is a scalar or a flat array; datatype and shape come from the model's metadata), plus
 * {@code id}, {@code parameters} and any other key with a scalar value, which Triton passes on as
 * a request parameter. Every error names the key and the model.
 */
final class GenerateRequestReader {
    static final String ID = "id";
    static final String PARAMETERS = "parameters";

    private GenerateRequestReader() {
    }

    static InferenceRequest read(String version, Buffer body, ModelMetadata model) {
        JsonObject json = JsonBodies.parseObject(body);
        Map<String, TensorMetadata> inputsByName = new LinkedHashMap<>();
        model.inputs().forEach(input -> inputsByName.put(input.name(), input));
        String id = "";
        Map<String, Object> parameters = new LinkedHashMap<>();
        JsonObject scalarKeys = new JsonObject();
        List<Tensor> inputs = new ArrayList<>();
        String owner = "generate request for model '" + model.name() + "':";
        for (Map.Entry<String, Object> entry : json) {
            String key = entry.getKey();
            Object value = entry.getValue();
            TensorMetadata input = inputsByName.get(key);
            if (input != null) {
                inputs.add(tensor(model.name(), input, value));
            } else if (key.equals(ID)) {
                if (!(value instanceof String s)) {
                    throw invalid(owner + " 'id' must be a string");
                }
                id = s;
            } else if (key.equals(PARAMETERS)) {
                parameters.putAll(InferRequestDecoder.parameters(value, owner));
            } else if (isScalar(value)) {
                scalarKeys.put(key, value);
            } else {
                throw invalid(owner + " key '" + key
                        + "' is neither an input of the model nor a parameter (a string, number or boolean)");
            }
        }
        parameters.putAll(InferRequestDecoder.parameters(scalarKeys, owner));
        return new InferenceRequest(id, model.name(), version, inputs, List.of(), parameters);
    }

    private static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    /** One input: its values, in the datatype and a shape deduced from the metadata as Triton deduces it. */
    private static Tensor tensor(String model, TensorMetadata input, Object value) {
        List<Object> values;
        if (value instanceof JsonArray array) {
            values = array.getList();
            if (values.stream().anyMatch(v -> v instanceof List<?> || v instanceof Map<?, ?>
                    || v instanceof JsonArray || v instanceof JsonObject)) {
                throw invalid(where(model, input) + "must be a scalar or a flat array");
            }
        } else if (isScalar(value)) {
            values = List.of(value);
        } else {
            throw invalid(where(model, input) + "must be a scalar or a flat array, got "
                    + (value == null ? "null" : "an object"));
        }
        DataType type = DataType.fromProtocolName(input.datatype());
        long[] shape = shape(model, input, values.size());
        try {
            return new Tensor(input.name(), type, shape, JsonTensorData.encode(input.name(), type, shape, values));
        } catch (InferenceException e) {
            throw invalid("generate request for model '" + model + "': " + e.getMessage());
        }
    }

    /**
     * Triton's deduction: the fixed dimensions, innermost first, must divide the element count;
     * the innermost variable dimension (-1) takes what remains and any other variable one
     * (such as the batch dimension) is 1. A fixed 0 takes only an empty value.
     */
    static long[] shape(String model, TensorMetadata input, long elements) {
        long[] shape = input.shape().clone();
        long remaining = elements;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] >= 0) {
                if (shape[i] == 0 ? remaining != 0 : remaining % shape[i] != 0) {
                    throw misfit(model, input, elements);
                }
                remaining = shape[i] == 0 ? 1 : remaining / shape[i];
            }
        }
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] < 0) {
                shape[i] = remaining;
                remaining = 1;
            }
        }
        if (remaining != 1) {
            throw misfit(model, input, elements);
        }
        return shape;
    }

    private static InferenceException misfit(String model, TensorMetadata input, long elements) {
        return invalid(where(model, input) + "has " + elements + " values, which do not fit its shape "
                + Shapes.format(input.shape()));
    }

    private static String where(String model, TensorMetadata input) {
        return "generate request for model '" + model + "': input '" + input.name() + "' ";
    }
}
