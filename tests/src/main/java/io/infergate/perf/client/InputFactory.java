package io.infergate.perf.client;

import io.infergate.perf.PerfException;
import io.infergate.perf.PerfOptions.InputData;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds a request's inputs from the model's metadata, the --shape values and the --input-data
 * choice: one sample, repeated to the batch size, so every batch size carries the same values.
 */
public final class InputFactory {
    private static final long SEED = 42;

    private final ModelInfo model;
    private final Map<String, long[]> shapes;
    private final InputData inputData;

    public InputFactory(ModelInfo model, Map<String, long[]> shapes, InputData inputData) {
        this.model = model;
        this.shapes = shapes;
        this.inputData = inputData;
        for (String name : shapes.keySet()) {
            if (model.inputs().stream().noneMatch(input -> input.name().equals(name))) {
                throw new PerfException("--shape: model " + model.name() + " has no input '" + name + "' (inputs: "
                        + String.join(", ", model.inputs().stream().map(TensorSpec::name).toList()) + ")");
            }
        }
    }

    /** The inputs of one request of {@code batch} inferences. */
    public List<InputTensor> inputs(int batch) {
        if (model.maxBatchSize() == 0 && batch > 1) {
            throw new PerfException("model " + model.name() + " does not batch (max_batch_size 0): -b must be 1");
        }
        if (model.maxBatchSize() > 0 && batch > model.maxBatchSize()) {
            throw new PerfException("-b " + batch + " exceeds max_batch_size " + model.maxBatchSize() + " of "
                    + model.name());
        }
        JsonObject file = inputData.kind() == InputData.Kind.FILE ? firstFileEntry() : null;
        Random rng = new Random(SEED);
        List<InputTensor> inputs = new ArrayList<>();
        for (TensorSpec spec : model.inputs()) {
            Object fileValue = file == null ? null : file.getValue(spec.name());
            if (file != null && fileValue == null) {
                throw new PerfException("--input-data: " + inputData.file() + " has no data for input " + spec.name());
            }
            long[] dims = fileValue instanceof JsonObject o && o.containsKey("shape") ? fileShape(spec, o)
                    : dims(spec);
            int count = Math.toIntExact(Arrays.stream(dims).reduce(1, Math::multiplyExact));
            byte[] sample = fileValue != null ? fromFile(spec, fileValue, count)
                    : TensorValues.generate(spec.datatype(), count, inputData.kind() == InputData.Kind.RANDOM, rng);
            inputs.add(model.maxBatchSize() > 0 ? batched(spec, dims, sample, batch)
                    : new InputTensor(spec.name(), spec.datatype(), dims, sample));
        }
        return inputs;
    }

    private static InputTensor batched(TensorSpec spec, long[] dims, byte[] sample, int batch) {
        long[] shape = new long[dims.length + 1];
        shape[0] = batch;
        System.arraycopy(dims, 0, shape, 1, dims.length);
        byte[] data = new byte[sample.length * batch];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(sample, 0, data, b * sample.length, sample.length);
        }
        return new InputTensor(spec.name(), spec.datatype(), shape, data);
    }

    /** The model's dims with --shape filled in; a --shape must agree with every fixed dim. */
    private long[] dims(TensorSpec spec) {
        long[] given = shapes.get(spec.name());
        if (given == null) {
            if (Arrays.stream(spec.dims()).anyMatch(d -> d < 0)) {
                throw new PerfException("input " + spec.name() + " of " + model.name() + " has variable dims "
                        + Arrays.toString(spec.dims()) + ": give --shape " + spec.name() + ":D1,D2,...");
            }
            return spec.dims();
        }
        boolean fits = given.length == spec.dims().length;
        for (int d = 0; fits && d < given.length; d++) {
            fits = spec.dims()[d] < 0 || spec.dims()[d] == given[d];
        }
        if (!fits) {
            throw new PerfException("--shape " + spec.name() + ":" + joined(given) + " does not fit dims "
                    + Arrays.toString(spec.dims()) + " of " + model.name()
                    + (model.maxBatchSize() > 0 ? " (leave out the batch dimension)" : ""));
        }
        return given;
    }

    private long[] fileShape(TensorSpec spec, JsonObject value) {
        JsonArray shape = value.getJsonArray("shape");
        long[] dims = new long[shape.size()];
        for (int d = 0; d < dims.length; d++) {
            dims[d] = shape.getLong(d);
        }
        if (dims.length != spec.dims().length) {
            throw new PerfException("--input-data: shape " + shape + " of " + spec.name() + " does not fit dims "
                    + Arrays.toString(spec.dims()));
        }
        return dims;
    }

    private byte[] fromFile(TensorSpec spec, Object value, int count) {
        Object content = value instanceof JsonObject o ? o.getValue("content") : value;
        if (!(content instanceof JsonArray array)) {
            throw new PerfException("--input-data: values of " + spec.name() + " are not an array");
        }
        List<Object> flat = new ArrayList<>();
        flatten(array, flat);
        if (flat.size() != count) {
            throw new PerfException("--input-data: " + spec.name() + " has " + flat.size() + " values, its shape needs "
                    + count);
        }
        return TensorValues.fromJson(spec.datatype(), flat);
    }

    private static void flatten(JsonArray array, List<Object> into) {
        for (Object v : array) {
            if (v instanceof JsonArray nested) {
                flatten(nested, into);
            } else {
                into.add(v);
            }
        }
    }

    /** perf_analyzer's input file: {@code {"data": [{"INPUT0": [...] or {"content": [...], "shape": [...]}}]}}. */
    private JsonObject firstFileEntry() {
        try {
            JsonObject json = new JsonObject(Files.readString(inputData.file()));
            JsonArray data = json.getJsonArray("data");
            if (data == null || data.isEmpty() || !(data.getValue(0) instanceof JsonObject entry)) {
                throw new PerfException("--input-data: " + inputData.file() + " has no \"data\": [{...}] entry");
            }
            return entry;
        } catch (IOException | DecodeException | ClassCastException e) {
            throw new PerfException("--input-data: cannot read " + inputData.file() + ": " + e.getMessage());
        }
    }

    private static String joined(long[] dims) {
        return String.join(",", Arrays.stream(dims).mapToObj(Long::toString).toList());
    }
}
