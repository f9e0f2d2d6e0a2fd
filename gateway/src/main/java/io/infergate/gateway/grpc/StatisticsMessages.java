package io.infergate.gateway.grpc;

import io.infergate.engine.api.ModelStatistics.BatchStatistics;
import io.infergate.engine.api.ModelStatistics.Duration;
import io.infergate.engine.api.ModelStatistics.InferenceStatistics;
import io.infergate.gateway.kserve.proto.InferBatchStatistics;
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
            response.addModelStats(model);
        }
        return response.build();
    }

    private static StatisticDuration duration(Duration d) {
        Duration value = d == null ? Duration.ZERO : d;
        return StatisticDuration.newBuilder().setCount(value.count()).setNs(value.ns()).build();
    }
}
