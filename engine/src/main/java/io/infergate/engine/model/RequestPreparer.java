package io.infergate.engine.model;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.api.ReservedParameters;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInput;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Shapes;
import io.infergate.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The engine's one set of request rules, shared by every frontend and by requests from models
 * (ensemble steps, Python BLS): no reserved parameters; inputs known, each once, none missing,
 * matching the model's configuration by datatype, shape and data length (a BYTES tensor's data
 * is read once, here); requested outputs known, each once. Frontends check only their wire
 * format, so each rule here has one message whichever way the request came.
 */
public final class RequestPreparer {
    /** Timeouts above a day are a client error, not a wish: nobody waits that long for an answer. */
    static final long MAX_TIMEOUT_MICROS = 86_400_000_000L;
    /** What Triton adds to a shape mismatch of a batching model, word for word. */
    static final String IMPLICIT_BATCH_NOTE = "NOTE: Setting a non-zero max_batch_size in the model config requires a"
            + " batch dimension to be prepended to each input shape. If you want to specify the full shape including"
            + " the batch dim in your input dims config, try setting max_batch_size to zero. See the model"
            + " configuration docs for more info on max_batch_size.";

    private final String modelName;
    private final ModelSignature signature;

    public RequestPreparer(String modelName, ModelSignature signature) {
        this.modelName = modelName;
        this.signature = signature;
    }

    /** Checks the request and builds the backend's view of it; INVALID_ARG on any mismatch. */
    public PreparedRequest prepare(InferenceRequest request) {
        long received = System.nanoTime();
        ReservedParameters.refuse("request", request.parameters().keySet());
        Map<String, Tensor> byName = inputsByName(request.inputs());
        int batchSize = checkInputs(byName);
        List<Tensor> backendInputs = new ArrayList<>(byName.size());
        for (ModelInput input : signature.inputs().values()) {
            Tensor tensor = byName.get(input.getName());
            if (tensor != null) {
                backendInputs.add(reshapeForBackend(input, tensor, batchSize));
            }
        }
        return new PreparedRequest(request, backendInputs, outputNames(request.requestedOutputs()), batchSize,
                received, unsignedParameter(request.parameters(), "priority", Long.MAX_VALUE),
                unsignedParameter(request.parameters(), "timeout", MAX_TIMEOUT_MICROS), Cancellation.NONE, null);
    }

    /** A whole, non-negative number parameter no larger than {@code max}; 0 when absent. Triton's words when not. */
    private static long unsignedParameter(Map<String, Object> parameters, String key, long max) {
        Object value = parameters.get(key);
        if (value == null) {
            return 0;
        }
        long number;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            number = ((Number) value).longValue();
        } else if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < 0x1p63) {
            number = n.longValue();
        } else {
            throw invalid("invalid value type for '" + key + "' parameter, expected a whole number, got '" + value
                    + "'");
        }
        if (number < 0) {
            throw invalid("invalid value for '" + key + "', expected value >= 0, got " + number);
        }
        if (number > max) {
            throw invalid("invalid value for '" + key + "', expected value <= " + max + ", got " + number);
        }
        return number;
    }

    private Map<String, Tensor> inputsByName(List<Tensor> inputs) {
        Map<String, Tensor> byName = new HashMap<>();
        for (Tensor tensor : inputs) {
            if (!signature.inputs().containsKey(tensor.name())) {
                throw invalid("unexpected inference input '" + tensor.name() + "' for model '" + modelName + "'");
            }
            if (byName.put(tensor.name(), tensor) != null) {
                throw invalid("input '" + tensor.name() + "' already exists in request");
            }
        }
        if (byName.size() < signature.inputs().size() && isAnyRequiredMissing(byName)) {
            List<String> missing = signature.inputs().values().stream()
                    .filter(input -> !input.getOptional() && !byName.containsKey(input.getName()))
                    .map(input -> "'" + input.getName() + "'").toList();
            throw invalid(missingInputs(inputs, missing));
        }
        return byName;
    }

    /** A loop, not a stream: the common request names every input, and this runs for each one. */
    private boolean isAnyRequiredMissing(Map<String, Tensor> byName) {
        for (ModelInput input : signature.inputs().values()) {
            if (!input.getOptional() && !byName.containsKey(input.getName())) {
                return true;
            }
        }
        return false;
    }

    /** Triton's words: the count expected (a range when some inputs are optional), what came, what is missing. */
    private String missingInputs(List<Tensor> inputs, List<String> missing) {
        long required = signature.inputs().values().stream().filter(input -> !input.getOptional()).count();
        int all = signature.inputs().size();
        String expected = required == all ? "expected " + all : "expected number of inputs between " + required
                + " and " + all;
        String given = "[" + String.join(",", inputs.stream().map(t -> "'" + t.name() + "'").toList()) + "]";
        return expected + (required == all ? " inputs" : "") + " but got " + inputs.size() + " inputs for model '"
                + modelName + "'. Got inputs " + given + ", but missing required inputs [" + String.join(",", missing)
                + "]. Please provide all required inputs.";
    }

    /** Checks datatypes, shapes and data; returns the batch size all inputs agree on. */
    private int checkInputs(Map<String, Tensor> byName) {
        int batchSize = -1;
        for (ModelInput input : signature.inputs().values()) {
            Tensor tensor = byName.get(input.getName());
            if (tensor == null) {
                continue;
            }
            DataType expected = ModelSignature.dataType(input);
            if (tensor.dataType() != expected) {
                throw invalid("inference input '" + tensor.name() + "' data-type is '" + tensor.dataType()
                        + "', but model '" + modelName + "' expects '" + expected + "'");
            }
            int tensorBatch;
            try {
                // the shape's own checks first (negative dimensions, overflow), then the model's
                Tensor.checkedElementCount(tensor.name(), tensor.dataType(), tensor.shape());
                tensorBatch = checkShape(input, tensor.shape());
                tensor.validateDataFor(modelName);
            } catch (IllegalArgumentException e) {
                throw invalid(e.getMessage());
            }
            if (batchSize >= 0 && tensorBatch != batchSize) {
                throw invalid("input '" + tensor.name() + "' batch size does not match other inputs for '" + modelName
                        + "'");
            }
            batchSize = tensorBatch;
        }
        return Math.max(batchSize, 1);
    }

    private int checkShape(ModelInput input, long[] shape) {
        if (signature.batches() && shape.length == 0) {
            throw invalid("input '" + input.getName() + "' has no shape but model requires batch dimension for '"
                    + modelName + "'");
        }
        long[] expected = signature.clientShape(input.getDimsList());
        boolean fits = expected.length == shape.length;
        for (int i = signature.batches() ? 1 : 0; fits && i < shape.length; i++) {
            fits = expected[i] == -1 || expected[i] == shape[i];
        }
        if (!fits) {
            throw invalid("unexpected shape for input '" + input.getName() + "' for model '" + modelName
                    + "'. Expected " + Shapes.format(expected) + ", got " + Shapes.format(shape) + ". "
                    + (signature.batches() ? IMPLICIT_BATCH_NOTE : ""));
        }
        if (!signature.batches()) {
            return 1;
        }
        long batch = shape[0];
        if (batch > signature.maxBatchSize()) {
            throw invalid("inference request batch-size must be <= " + signature.maxBatchSize() + " for '"
                    + modelName + "'");
        }
        if (batch < 1) {
            throw invalid("inference request batch-size must be >= 1 for '" + modelName + "', got " + batch);
        }
        return (int) batch;
    }

    private Tensor reshapeForBackend(ModelInput input, Tensor tensor, int batchSize) {
        if (!input.hasReshape()) {
            return tensor;
        }
        long[] shape = BatchShapes.resolve(input.getReshape().getShapeList(), signature.batches(), batchSize,
                tensor.elementCount());
        return tensor.withNameAndShape(tensor.name(), shape);
    }

    private Set<String> outputNames(List<RequestedOutput> requested) {
        if (requested.isEmpty()) {
            return signature.outputs().keySet();
        }
        Set<String> names = new LinkedHashSet<>();
        for (RequestedOutput output : requested) {
            if (!signature.outputs().containsKey(output.name())) {
                throw invalid("unexpected inference output '" + output.name() + "' for model '" + modelName + "'");
            }
            if (!names.add(output.name())) {
                throw invalid("output '" + output.name() + "' already exists in request");
            }
            ReservedParameters.refuse("output '" + output.name() + "'", output.parameters().keySet());
            if (output.classificationCount() < 0) {
                throw invalid("classification count for output '" + output.name() + "' must be > 0");
            }
        }
        return names;
    }
}
