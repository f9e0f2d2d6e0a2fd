package io.infergate.gateway.trace;

import io.infergate.engine.tensor.Tensor;
import io.infergate.engine.trace.RequestTrace;
import io.infergate.gateway.http.InferResponseEncoder;
import io.vertx.core.json.Json;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One finished trace as the objects of Triton's trace file, written as JSON text straight away (a
 * trace is written for every sampled request, at rate 1 for every request): the trace's own
 * (id, model, version, request id, parent id), one with its timestamps in order, and one per
 * traced tensor. The objects are separated by commas, without the array's brackets.
 */
final class TraceJson {
    /** Tensors larger than this are traced without their data: a trace file is for reading. */
    static final int MAX_DATA_BYTES = 64 * 1024;

    private TraceJson() {
    }

    /** Appends the trace's objects to {@code json}. */
    static void append(StringBuilder json, RequestTrace trace) {
        long id = trace.id();
        json.append("{\"id\":").append(id).append(",\"model_name\":").append(Json.encode(trace.modelName()))
                .append(",\"model_version\":").append(version(trace.modelVersion()));
        if (!trace.requestId().isEmpty()) {
            json.append(",\"request_id\":").append(Json.encode(trace.requestId()));
        }
        if (trace.parentId() != 0) {
            json.append(",\"parent_id\":").append(trace.parentId());
        }
        json.append('}');
        List<RequestTrace.Timestamp> timestamps = trace.timestamps();
        if (!timestamps.isEmpty()) {
            json.append(",{\"id\":").append(id).append(",\"timestamps\":[");
            for (int i = 0; i < timestamps.size(); i++) {
                RequestTrace.Timestamp timestamp = timestamps.get(i);
                json.append(i == 0 ? "" : ",").append("{\"name\":\"").append(timestamp.point().name())
                        .append("\",\"ns\":").append(timestamp.nanos()).append('}');
            }
            json.append("]}");
        }
        for (RequestTrace.TracedTensor traced : trace.tracedTensors()) {
            json.append(",{\"id\":").append(id).append(",\"activity\":\"").append(traced.activity())
                    .append("\",\"tensor\":");
            tensor(json, traced.tensor());
            json.append('}');
        }
    }

    /** Triton writes the version as a number; a request that never reached a model has none (-1). */
    private static long version(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void tensor(StringBuilder json, Tensor tensor) {
        String data = "";
        if (tensor.byteSize() <= MAX_DATA_BYTES) {
            StringBuilder values = new StringBuilder();
            InferResponseEncoder.writeData(values, tensor);
            data = values.substring(1, values.length() - 1); // Triton's data is the values without brackets
        }
        json.append("{\"name\":").append(Json.encode(tensor.name())).append(",\"data\":").append(Json.encode(data))
                .append(",\"shape\":\"")
                .append(Arrays.stream(tensor.shape()).mapToObj(Long::toString).collect(Collectors.joining(",")))
                .append("\",\"dtype\":\"").append(tensor.dataType().name()).append("\"}");
    }
}
