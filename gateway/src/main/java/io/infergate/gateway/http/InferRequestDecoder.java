package io.infergate.gateway.http;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.config.ConfigDataTypes;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInput;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.infergate.gateway.netty.NettyBuffers;
import io.infergate.gateway.protocol.Classification;
import io.infergate.gateway.protocol.InputTensors;
import io.infergate.gateway.protocol.RegionRef;
import io.infergate.gateway.protocol.RequestRegions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the KServe v2 JSON inference request (with Triton's binary tensor data extension) into
 * an {@link InferenceRequest}. Owns the rules about the wire format only: JSON types, binary
 * offsets and lengths, sizes before anything is sized from them. Rules about the request and the
 * model (duplicate or missing inputs and outputs, shapes, data lengths, reserved parameters) are
 * the engine's {@code RequestPreparer}'s.
 */
final class InferRequestDecoder {
    static final String BINARY_DATA_SIZE = "binary_data_size";
    static final String BINARY_DATA = "binary_data";
    static final String BINARY_DATA_OUTPUT = "binary_data_output";

    private InferRequestDecoder() {
    }

    /** Decodes a JSON (optionally binary-extended) request that names no shared memory. */
    static DecodedInfer decode(String model, String version, BinaryBody body) {
        return decode(model, version, body, RequestRegions.none());
    }

    /**
     * Decodes a JSON (optionally binary-extended) request; inputs in shared memory are read from
     * {@code regions}, outputs to be written there are noted in it (the caller closes it, also
     * when decoding fails).
     */
    static DecodedInfer decode(String model, String version, BinaryBody body, RequestRegions regions) {
        if (body.raw()) {
            throw new IllegalArgumentException("raw requests are decoded with decodeRaw");
        }
        JsonObject json = JsonBodies.parseObject(body.json());
        String id = optionalString(json, "id", "request");
        Map<String, Object> parameters = parameters(json.getValue("parameters"), "request");
        Object binaryOutput = parameters.get(BINARY_DATA_OUTPUT);
        if (binaryOutput != null && !(binaryOutput instanceof Boolean)) {
            throw invalid("request parameter '" + BINARY_DATA_OUTPUT + "' must be a boolean");
        }
        List<Tensor> inputs = inputs(model, json.getValue("inputs"), body.tail(), regions);
        Map<String, Boolean> binaryByOutput = new HashMap<>();
        List<RequestedOutput> outputs = outputs(json.getValue("outputs"), binaryByOutput, regions);
        InferenceRequest request = new InferenceRequest(id, model, version, inputs, outputs, parameters);
        return new DecodedInfer(request, new OutputFormat(Boolean.TRUE.equals(binaryOutput), binaryByOutput));
    }

    /**
     * Decodes Triton's raw-binary request: the whole body is the data of the model's single input,
     * whose datatype and shape come from the model's configuration, as Triton deduces them (with
     * its words when it cannot): a batching model's request is one item, one variable dimension is
     * sized from the body's length, and a BYTES input (which must have the shape [1]) receives the
     * whole body as its one element. Outputs are all returned, as binary.
     */
    static DecodedInfer decodeRaw(String model, String version, Buffer body, ModelConfig config) {
        if (config.getInputCount() != 1) {
            throw invalid("Raw request must only have 1 input (found 1) to be deduced but got "
                    + config.getInputCount() + " inputs in '" + model + "' model configuration");
        }
        ModelInput input = config.getInput(0);
        DataType type = ConfigDataTypes.toTensorType(input.getDataType());
        List<Long> shape = new ArrayList<>();
        if (config.getMaxBatchSize() != 0) {
            shape.add(1L);
        }
        int variable = -1;
        long known = 1;
        for (long dim : input.getDimsList()) {
            if (dim == -1) {
                if (variable >= 0) {
                    throw invalid("The shape of the raw input '" + input.getName()
                            + "' can not be deduced because there are more than one variable-sized dimension");
                }
                variable = shape.size();
            } else {
                known = Math.multiplyExact(known, dim);
            }
            shape.add(dim);
        }
        ByteBuffer data;
        boolean built = false;
        if (type == DataType.BYTES) {
            if (variable >= 0 || known != 1) {
                throw invalid("For BYTE datatype raw input '" + input.getName() + "', the model must have input shape [1]");
            }
            // the body is the one element: its length prefix is ours to add
            data = ByteBuffer.allocate(4 + body.length()).order(ByteOrder.LITTLE_ENDIAN).putInt(body.length())
                    .put(NettyBuffers.view(body, 0, body.length())).flip();
            built = true;
        } else {
            data = NettyBuffers.view(body, 0, body.length());
            if (variable >= 0) {
                long itemBytes = known * type.byteSize();
                shape.set(variable, itemBytes == 0 ? 0 : data.remaining() / itemBytes);
            }
        }
        Tensor tensor = new Tensor(input.getName(), type, shape.stream().mapToLong(Long::longValue).toArray(), data,
                built);
        InferenceRequest request = new InferenceRequest("", model, version, List.of(tensor), List.of(), Map.of());
        return new DecodedInfer(request, OutputFormat.BINARY);
    }

    private static List<Tensor> inputs(String model, Object value, Buffer tail, RequestRegions regions) {
        if (value == null) {
            throw invalid("request JSON has no 'inputs'");
        }
        if (!(value instanceof JsonArray array)) {
            throw invalid("request 'inputs' must be an array");
        }
        List<Tensor> inputs = new ArrayList<>(array.size());
        long offset = 0;
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof JsonObject input)) {
                throw invalid("request input " + i + " must be an object");
            }
            String name = requiredString(input, "name", "input " + i);
            long[] shape = shape(name, input.getValue("shape"));
            String datatype = requiredString(input, "datatype", "input '" + name + "'");
            DataType type = DataType.fromProtocolName(datatype);
            if (type == null) {
                throw invalid("input '" + name + "' has unknown datatype '" + datatype + "'");
            }
            Map<String, Object> parameters = parameters(input.getValue("parameters"), "input '" + name + "'");
            InputTensors.checkParameters(name, parameters.keySet());
            RegionRef region = RegionRef.of("input '" + name + "'", parameters);
            ByteBuffer data;
            Object binarySize = parameters.get(BINARY_DATA_SIZE);
            if (region != null) {
                if (binarySize != null || input.containsKey("data")) {
                    // Triton's words for gRPC's contents, with the JSON field
                    throw invalid("unexpected '" + (binarySize != null ? BINARY_DATA_SIZE : "data") + "' provided when"
                            + " using shared memory for input tensor '" + name + "' for model '" + model + "'");
                }
                data = regions.input(model, name, type, shape, region);
            } else if (binarySize != null) {
                if (input.containsKey("data")) {
                    throw invalid("input '" + name + "' has both 'data' and '" + BINARY_DATA_SIZE + "'");
                }
                long size = nonNegativeInteger(binarySize, "input '" + name + "' parameter " + BINARY_DATA_SIZE);
                if (size > tail.length() - offset) {
                    throw invalid("input '" + name + "' declares " + size + " bytes of binary data but only "
                            + (tail.length() - offset) + " remain in the request body");
                }
                data = NettyBuffers.view(tail, (int) offset, (int) size);
                offset += size;
            } else if (input.containsKey("data")) {
                data = JsonTensorData.encode(name, type, shape, input.getValue("data"));
            } else {
                throw invalid("input '" + name + "' has neither 'data' nor '" + BINARY_DATA_SIZE + "'");
            }
            inputs.add(new Tensor(name, type, shape, data));
        }
        if (offset != tail.length()) {
            throw invalid("the inputs' " + BINARY_DATA_SIZE + " add up to " + offset + " bytes but the request body holds "
                    + tail.length() + " bytes after the JSON header");
        }
        return inputs;
    }

    private static long[] shape(String input, Object value) {
        if (value == null) {
            throw invalid("input '" + input + "' has no 'shape'");
        }
        if (!(value instanceof JsonArray array)) {
            throw invalid("input '" + input + "': 'shape' must be an array of integers");
        }
        long[] shape = new long[array.size()];
        for (int i = 0; i < shape.length; i++) {
            Object dim = array.getValue(i);
            if (!isInteger(dim)) {
                throw invalid("input '" + input + "': 'shape' must be an array of integers, got " + dim);
            }
            if (dim instanceof BigInteger) {
                throw invalid("input '" + input + "': dimension " + dim + " is out of range");
            }
            shape[i] = ((Number) dim).longValue();
            if (shape[i] < 0) {
                // Triton's JSON reader's words (it reads dimensions as unsigned), with the input named
                throw invalid("Unable to parse 'shape': attempt to access JSON non-unsigned-integer as unsigned-integer"
                        + " (input '" + input + "', dimension " + shape[i] + ")");
            }
        }
        return shape;
    }

    private static List<RequestedOutput> outputs(Object value, Map<String, Boolean> binaryByOutput,
            RequestRegions regions) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw invalid("request 'outputs' must be an array");
        }
        List<RequestedOutput> outputs = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof JsonObject output)) {
                throw invalid("requested output " + i + " must be an object");
            }
            String name = requiredString(output, "name", "requested output " + i);
            Map<String, Object> parameters = new LinkedHashMap<>(parameters(output.getValue("parameters"),
                    "output '" + name + "'"));
            RegionRef region = RegionRef.of("output '" + name + "'", parameters);
            if (region != null) {
                regions.output(name, region);
                parameters = RegionRef.without(parameters);
            }
            Object binary = parameters.remove(BINARY_DATA);
            if (binary != null && !(binary instanceof Boolean)) {
                throw invalid("output '" + name + "' parameter '" + BINARY_DATA + "' must be a boolean");
            }
            binaryByOutput.put(name, binary == null ? null : (Boolean) binary);
            int classification = 0;
            Object count = parameters.remove(Classification.PARAMETER);
            if (count != null) {
                classification = classificationCount(name, count);
            }
            if (binary != null) {
                parameters.put(BINARY_DATA, binary);
            }
            outputs.add(new RequestedOutput(name, classification, parameters));
        }
        binaryByOutput.values().removeIf(v -> v == null);
        return outputs;
    }

    private static int classificationCount(String output, Object count) {
        if (!isInteger(count) || count instanceof BigInteger) {
            throw Classification.refused(output, count);
        }
        return Classification.count(output, ((Number) count).longValue());
    }

    /** Parameters as plain values (string, boolean, number). */
    static Map<String, Object> parameters(Object value, String owner) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof JsonObject object)) {
            throw invalid(owner + " 'parameters' must be an object");
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : object) {
            String key = entry.getKey();
            Object v = entry.getValue();
            if (v instanceof BigDecimal d) {
                v = d.doubleValue();
            }
            if (!(v instanceof String || v instanceof Boolean || v instanceof Number)) {
                throw invalid(owner + " parameter '" + key + "' must be a string, boolean or number");
            }
            parameters.put(key, v);
        }
        return parameters;
    }

    private static boolean isInteger(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger;
    }

    private static long nonNegativeInteger(Object value, String what) {
        if (!isInteger(value) || value instanceof BigInteger || ((Number) value).longValue() < 0) {
            throw invalid(what + " must be a non-negative integer, got " + value);
        }
        return ((Number) value).longValue();
    }

    private static String requiredString(JsonObject json, String key, String owner) {
        Object value = json.getValue(key);
        if (value == null) {
            throw invalid(owner + " has no '" + key + "'");
        }
        if (!(value instanceof String s)) {
            throw invalid(owner + " '" + key + "' must be a string");
        }
        return s;
    }

    private static String optionalString(JsonObject json, String key, String owner) {
        Object value = json.getValue(key);
        if (value == null) {
            return "";
        }
        if (!(value instanceof String s)) {
            throw invalid(owner + " '" + key + "' must be a string");
        }
        return s;
    }
}
