package io.infergate.gateway.http;

import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.api.ModelStatistics.BatchStatistics;
import io.infergate.engine.api.ModelStatistics.Duration;
import io.infergate.engine.api.ModelStatistics.InferenceStatistics;
import io.infergate.engine.api.ModelStatistics.MemoryUsage;
import io.infergate.engine.api.ModelStatistics.ResponseStatistics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Triton's statistics extension JSON: {@code {"model_stats":[...]}}. */
final class StatisticsJson {
    private StatisticsJson() {
    }

    static JsonObject of(List<ModelStatistics> statistics) {
        JsonArray models = new JsonArray();
        for (ModelStatistics s : statistics) {
            models.add(model(s));
        }
        return new JsonObject().put("model_stats", models);
    }

    static JsonObject model(ModelStatistics s) {
        InferenceStatistics i = s.inference();
        JsonObject inference = new JsonObject()
                .put("success", duration(i.success()))
                .put("fail", duration(i.fail()))
                .put("queue", duration(i.queue()))
                .put("compute_input", duration(i.computeInput()))
                .put("compute_infer", duration(i.computeInfer()))
                .put("compute_output", duration(i.computeOutput()))
                .put("cache_hit", duration(i.cacheHit()))
                .put("cache_miss", duration(i.cacheMiss()));
        JsonArray batches = new JsonArray();
        for (BatchStatistics b : s.batches()) {
            batches.add(new JsonObject()
                    .put("batch_size", b.batchSize())
                    .put("compute_input", duration(b.computeInput()))
                    .put("compute_infer", duration(b.computeInfer()))
                    .put("compute_output", duration(b.computeOutput())));
        }
        JsonObject responses = new JsonObject();
        s.responses().forEach((index, r) -> responses.put(Integer.toString(index), response(r)));
        JsonArray memory = new JsonArray();
        for (MemoryUsage m : s.memoryUsage()) {
            memory.add(new JsonObject().put("type", m.type()).put("id", m.id()).put("byte_size", m.byteSize()));
        }
        return new JsonObject()
                .put("name", s.name())
                .put("version", s.version())
                .put("last_inference", s.lastInference())
                .put("inference_count", s.inferenceCount())
                .put("execution_count", s.executionCount())
                .put("inference_stats", inference)
                .put("response_stats", responses)
                .put("batch_stats", batches)
                .put("memory_usage", memory);
    }

    private static JsonObject response(ResponseStatistics r) {
        return new JsonObject()
                .put("compute_infer", duration(r.computeInfer()))
                .put("compute_output", duration(r.computeOutput()))
                .put("success", duration(r.success()))
                .put("fail", duration(r.fail()))
                .put("empty_response", duration(r.emptyResponse()))
                .put("cancel", duration(r.cancel()));
    }

    private static JsonObject duration(Duration d) {
        Duration value = d == null ? Duration.ZERO : d;
        return new JsonObject().put("count", value.count()).put("ns", value.ns());
    }
}
