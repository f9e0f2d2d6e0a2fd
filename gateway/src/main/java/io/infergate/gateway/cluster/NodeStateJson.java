package io.infergate.gateway.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelMetadata;
import io.infergate.engine.api.ModelMetadata.TensorMetadata;
import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.api.ModelStatistics.BatchStatistics;
import io.infergate.engine.api.ModelStatistics.Duration;
import io.infergate.engine.api.ModelStatistics.Failures;
import io.infergate.engine.api.ModelStatistics.InferenceStatistics;
import io.infergate.engine.api.ModelStatistics.Latencies;
import io.infergate.engine.api.ModelStatistics.LatencyDistribution;
import io.infergate.engine.api.ModelStatistics.ResponseStatistics;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.gateway.cluster.NodeState.ServedVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link NodeState} as JSON, the form it has in the cluster map and on the state topic. The
 * configuration travels as its protobuf bytes, exact whatever fields it uses.
 */
final class NodeStateJson {
    private NodeStateJson() {
    }

    static JsonObject write(NodeState state) {
        JsonArray index = new JsonArray();
        state.index().forEach(e -> index.add(new JsonObject().put("name", e.name()).put("version", e.version())
                .put("state", e.state()).put("reason", e.reason())));
        JsonArray served = new JsonArray();
        for (ServedVersion version : state.served()) {
            served.add(new JsonObject().put("name", version.name()).put("version", version.version())
                    .put("config", version.config().toByteArray())
                    .put("metadata", metadata(version.metadata()))
                    .put("statistics", statistics(version.statistics())));
        }
        return new JsonObject().put("node", state.nodeId()).put("index", index).put("served", served);
    }

    static NodeState read(JsonObject json) {
        List<ModelIndexEntry> index = objects(json.getJsonArray("index")).stream()
                .map(e -> new ModelIndexEntry(e.getString("name"), e.getString("version"), e.getString("state"),
                        e.getString("reason")))
                .toList();
        List<ServedVersion> served = objects(json.getJsonArray("served")).stream()
                .map(v -> new ServedVersion(v.getString("name"), v.getString("version"), config(v.getBinary("config")),
                        metadata(v.getJsonObject("metadata")), statistics(v.getJsonObject("statistics"))))
                .toList();
        return new NodeState(json.getString("node"), index, served);
    }

    private static ModelConfig config(byte[] bytes) {
        try {
            return ModelConfig.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("malformed model configuration in the cluster state", e);
        }
    }

    private static JsonObject metadata(ModelMetadata metadata) {
        return new JsonObject().put("name", metadata.name()).put("versions", new JsonArray(metadata.versions()))
                .put("platform", metadata.platform())
                .put("inputs", tensors(metadata.inputs())).put("outputs", tensors(metadata.outputs()));
    }

    private static JsonArray tensors(List<TensorMetadata> tensors) {
        JsonArray array = new JsonArray();
        tensors.forEach(t -> array.add(new JsonObject().put("name", t.name()).put("datatype", t.datatype())
                .put("shape", longs(t.shape()))));
        return array;
    }

    private static ModelMetadata metadata(JsonObject json) {
        return new ModelMetadata(json.getString("name"),
                json.getJsonArray("versions").stream().map(Object::toString).toList(), json.getString("platform"),
                tensors(json.getJsonArray("inputs")), tensors(json.getJsonArray("outputs")));
    }

    private static List<TensorMetadata> tensors(JsonArray json) {
        return objects(json).stream()
                .map(t -> new TensorMetadata(t.getString("name"), t.getString("datatype"), longs(t.getJsonArray("shape"))))
                .toList();
    }

    private static JsonObject statistics(ModelStatistics s) {
        InferenceStatistics i = s.inference();
        JsonArray batches = new JsonArray();
        s.batches().forEach(b -> batches.add(new JsonObject().put("size", b.batchSize())
                .put("input", duration(b.computeInput())).put("infer", duration(b.computeInfer()))
                .put("output", duration(b.computeOutput()))));
        Failures f = s.failures();
        Latencies l = s.latencies();
        return new JsonObject().put("name", s.name()).put("version", s.version())
                .put("last", s.lastInference()).put("loadNanos", s.loadNanos()).put("inferences", s.inferenceCount())
                .put("executions", s.executionCount()).put("pending", s.pendingRequests())
                .put("inference", new JsonArray(List.of(duration(i.success()), duration(i.fail()), duration(i.queue()),
                        duration(i.computeInput()), duration(i.computeInfer()), duration(i.computeOutput()),
                        duration(i.cacheHit()), duration(i.cacheMiss()))))
                .put("batches", batches)
                .put("failures", new JsonArray(List.of(f.rejected(), f.canceled(), f.backend(), f.other())))
                .put("latencies", new JsonArray(List.of(latency(l.request()), latency(l.queue()),
                        latency(l.computeInput()), latency(l.computeInfer()), latency(l.computeOutput()))))
                .put("responses", responses(s.responses()));
    }

    private static JsonObject responses(Map<Integer, ResponseStatistics> responses) {
        JsonObject json = new JsonObject();
        responses.forEach((index, r) -> json.put(Integer.toString(index), new JsonArray(List.of(
                duration(r.computeInfer()), duration(r.computeOutput()), duration(r.success()), duration(r.fail()),
                duration(r.emptyResponse()), duration(r.cancel())))));
        return json;
    }

    /** A node of an earlier version sends no "responses": none counted. */
    private static Map<Integer, ResponseStatistics> responses(JsonObject json) {
        Map<Integer, ResponseStatistics> responses = new TreeMap<>();
        if (json != null) {
            for (String index : json.fieldNames()) {
                JsonArray r = json.getJsonArray(index);
                responses.put(Integer.parseInt(index), new ResponseStatistics(duration(r, 0), duration(r, 1),
                        duration(r, 2), duration(r, 3), duration(r, 4), duration(r, 5)));
            }
        }
        return responses;
    }

    private static ModelStatistics statistics(JsonObject json) {
        JsonArray i = json.getJsonArray("inference");
        List<BatchStatistics> batches = objects(json.getJsonArray("batches")).stream()
                .map(b -> new BatchStatistics(b.getLong("size"), duration(b.getJsonArray("input")),
                        duration(b.getJsonArray("infer")), duration(b.getJsonArray("output"))))
                .toList();
        JsonArray f = json.getJsonArray("failures");
        JsonArray l = json.getJsonArray("latencies");
        return new ModelStatistics(json.getString("name"), json.getString("version"), json.getLong("last"),
                json.getLong("inferences"), json.getLong("executions"), json.getLong("pending"),
                new InferenceStatistics(duration(i, 0), duration(i, 1), duration(i, 2), duration(i, 3), duration(i, 4),
                        duration(i, 5), duration(i, 6), duration(i, 7)),
                batches,
                new Failures(f.getLong(0), f.getLong(1), f.getLong(2), f.getLong(3)),
                new Latencies(latency(l, 0), latency(l, 1), latency(l, 2), latency(l, 3), latency(l, 4)),
                responses(json.getJsonObject("responses")), List.of(), json.getLong("loadNanos", 0L));
    }

    private static JsonArray duration(Duration duration) {
        return new JsonArray(List.of(duration.count(), duration.ns()));
    }

    private static Duration duration(JsonArray json) {
        return new Duration(json.getLong(0), json.getLong(1));
    }

    private static Duration duration(JsonArray list, int position) {
        return duration(list.getJsonArray(position));
    }

    private static JsonObject latency(LatencyDistribution d) {
        JsonArray bounds = new JsonArray();
        for (double bound : d.upperBoundsMicros()) {
            bounds.add(bound);
        }
        return new JsonObject().put("bounds", bounds).put("counts", longs(d.counts())).put("count", d.count())
                .put("sum", d.sumNanos());
    }

    private static LatencyDistribution latency(JsonArray list, int position) {
        JsonObject json = list.getJsonObject(position);
        JsonArray bounds = json.getJsonArray("bounds");
        double[] upper = new double[bounds.size()];
        for (int b = 0; b < upper.length; b++) {
            upper[b] = bounds.getDouble(b);
        }
        return new LatencyDistribution(upper, longs(json.getJsonArray("counts")), json.getLong("count"),
                json.getLong("sum"));
    }

    private static JsonArray longs(long[] values) {
        JsonArray array = new JsonArray();
        for (long value : values) {
            array.add(value);
        }
        return array;
    }

    private static long[] longs(JsonArray json) {
        long[] values = new long[json.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = json.getLong(i);
        }
        return values;
    }

    private static List<JsonObject> objects(JsonArray array) {
        return array.stream().map(JsonObject.class::cast).toList();
    }
}
