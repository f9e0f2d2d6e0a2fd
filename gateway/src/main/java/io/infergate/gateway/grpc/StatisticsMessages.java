package io.infergate.gateway.grpc;

import io.infergate.engine.api.ModelStatistics.BatchStatistics;
import io.infergate.engine.api.ModelStatistics.Duration;
import io.infergate.engine.api.ModelStatistics.InferenceStatistics;
import io.infergate.engine.api.ModelStatistics.MemoryUsage;
import io.infergate.engine.api.ModelStatistics.ResponseStatistics;
import io.infergate.gateway.kserve.proto.InferBatchStatistics;
import io.infergate.gateway.kserve.proto.InferResponseStatistics;
import io.infergate.gateway.kserve.proto.InferStatistics;
import io.infergate.gateway.kserve.proto.ModelStatistics;
import io.infergate.gateway.kserve.proto.ModelStatisticsResponse;
import io.infergate.gateway.kserve.proto.StatisticDuration;
import java.util.List;

/** The engine's statistics as Triton's ModelStatisticsResponse. */
final class StatisticsMessages {
    private StatisticsMessages() {
    }

    static ModelStatisticsResponse of(List<io.infergate.engine.api.ModelStatistics> statistics) {
        ModelStatisticsResponse.Builder response = ModelStatisticsResponse.newBuilder();
        for (io.infergate.engine.api.ModelStatistics s : statistics) {
            InferenceStatistics i = s.inference();
            ModelStatistics.Builder model = ModelStatistics.newBuilder()
                    .setName(s.name())
                    .setVersion(s.version())
                    .setLastInference(s.lastInference())
                    .setInferenceCount(s.inferenceCount())
                    .setExecutionCount(s.executionCount())
                    .setInferenceStats(InferStatistics.newBuilder()
                            .setSuccess(duration(i.success()))
                            .setFail(duration(i.fail()))
                            .setQueue(duration(i.queue()))
                            .setComputeInput(duration(i.computeInput()))
                            .setComputeInfer(duration(i.computeInfer()))
                            .setComputeOutput(duration(i.computeOutput()))
                            .setCacheHit(duration(i.cacheHit()))
                            .setCacheMiss(duration(i.cacheMiss())));
            for (BatchStatistics b : s.batches()) {
                model.addBatchStats(InferBatchStatistics.newBuilder()
                        .setBatchSize(b.batchSize())
                        .setComputeInput(duration(b.computeInput()))
                        .setComputeInfer(duration(b.computeInfer()))
                        .setComputeOutput(duration(b.computeOutput())));
            }
            s.responses().forEach((index, r) -> model.putResponseStats(Integer.toString(index), response(r)));
            for (MemoryUsage m : s.memoryUsage()) {
                model.addMemoryUsage(io.infergate.gateway.kserve.proto.MemoryUsage.newBuilder()
                        .setType(m.type()).setId(m.id()).setByteSize(m.byteSize()));
            }
            response.addModelStats(model);
        }
        return response.build();
    }

    private static InferResponseStatistics response(ResponseStatistics r) {
        return InferResponseStatistics.newBuilder()
                .setComputeInfer(duration(r.computeInfer()))
                .setComputeOutput(duration(r.computeOutput()))
                .setSuccess(duration(r.success()))
                .setFail(duration(r.fail()))
                .setEmptyResponse(duration(r.emptyResponse()))
                .setCancel(duration(r.cancel()))
                .build();
    }

    private static StatisticDuration duration(Duration d) {
        Duration value = d == null ? Duration.ZERO : d;
        return StatisticDuration.newBuilder().setCount(value.count()).setNs(value.ns()).build();
    }
}
