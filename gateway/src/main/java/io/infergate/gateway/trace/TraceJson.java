package io.infergate.gateway.trace;

import io.infergate.engine.tensor.Tensor;
import io.infergate.engine.trace.RequestTrace;
import io.infergate.gateway.http.InferResponseEncoder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One finished trace as the objects of Triton's trace file: the trace's own (id, model, version,
 * request id, parent id), one with its timestamps in time order, and one per traced tensor.
 */
final class TraceJson {
    /** Tensors larger than this are traced without their data: a trace file is for reading. */
    static final int MAX_DATA_BYTES = 64 * 1024;

    private TraceJson() {
    }

    static List<JsonObject> entries(RequestTrace trace) {
        JsonObject head = new JsonObject().put("id", trace.id()).put("model_name", trace.modelName())
                .put("model_version", version(trace.modelVersion()));
        if (!trace.requestId().isEmpty()) {
            head.put("request_id", trace.requestId());
        }
        if (trace.parentId() != 0) {
            head.put("parent_id", trace.parentId());
        }
        List<RequestTrace.Timestamp> timestamps = trace.timestamps();
        List<RequestTrace.TracedTensor> tensors = trace.tracedTensors();
        List<JsonObject> entries = new ArrayList<>(2 + tensors.size());
        entries.add(head);
        if (!timestamps.isEmpty()) {
            JsonArray points = new JsonArray();
            timestamps.forEach(t -> points.add(new JsonObject().put("name", t.point().name()).put("ns", t.nanos())));
            entries.add(new JsonObject().put("id", trace.id()).put("timestamps", points));
        }
        tensors.forEach(traced -> entries.add(new JsonObject().put("id", trace.id())
                .put("activity", traced.activity()).put("tensor", tensor(traced.tensor()))));
        return entries;
    }

    /** Triton writes the version as a number; a request that never reached a model has none (-1). */
    private static Object version(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static JsonObject tensor(Tensor tensor) {
        String data = "";
        if (tensor.byteSize() <= MAX_DATA_BYTES) {
            StringBuilder values = new StringBuilder();
            InferResponseEncoder.writeData(values, tensor);
            data = values.substring(1, values.length() - 1); // Triton's data is the values without brackets
        }
        return new JsonObject().put("name", tensor.name()).put("data", data)
                .put("shape", Arrays.stream(tensor.shape()).mapToObj(Long::toString).collect(Collectors.joining(",")))
                .put("dtype", tensor.dataType().name());
    }
}
