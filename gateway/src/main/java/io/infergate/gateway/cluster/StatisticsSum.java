package io.infergate.gateway.cluster;

import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.api.ModelStatistics.BatchStatistics;
import io.infergate.engine.api.ModelStatistics.Duration;
import io.infergate.engine.api.ModelStatistics.Failures;
import io.infergate.engine.api.ModelStatistics.InferenceStatistics;
import io.infergate.engine.api.ModelStatistics.Latencies;
import io.infergate.engine.api.ModelStatistics.LatencyDistribution;
import io.infergate.engine.api.ModelStatistics.ResponseStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statistics of one model version over several workers: counts and durations add up. Memory
 * usage is not summed: workers report none (see {@code ModelStatistics.memoryUsage}).
 */
final class StatisticsSum {
    private StatisticsSum() {
    }

    /** The sum of the workers' statistics of one version; at least one is given. */
    static ModelStatistics of(List<ModelStatistics> parts) {
        ModelStatistics sum = parts.getFirst();
        for (ModelStatistics part : parts.subList(1, parts.size())) {
            sum = add(sum, part);
        }
        return sum;
    }

    private static ModelStatistics add(ModelStatistics a, ModelStatistics b) {
        return new ModelStatistics(a.name(), a.version(), Math.max(a.lastInference(), b.lastInference()),
                a.inferenceCount() + b.inferenceCount(), a.executionCount() + b.executionCount(),
                a.pendingRequests() + b.pendingRequests(), add(a.inference(), b.inference()),
                add(a.batches(), b.batches()), add(a.failures(), b.failures()), add(a.latencies(), b.latencies()),
                addResponses(a.responses(), b.responses()), List.of(), Math.max(a.loadNanos(), b.loadNanos()));
    }

    private static Map<Integer, ResponseStatistics> addResponses(Map<Integer, ResponseStatistics> a,
            Map<Integer, ResponseStatistics> b) {
        Map<Integer, ResponseStatistics> byIndex = new TreeMap<>(a);
        b.forEach((index, r) -> byIndex.merge(index, r, (x, y) -> new ResponseStatistics(
                add(x.computeInfer(), y.computeInfer()), add(x.computeOutput(), y.computeOutput()),
                add(x.success(), y.success()), add(x.fail(), y.fail()), add(x.emptyResponse(), y.emptyResponse()),
                add(x.cancel(), y.cancel()))));
        return byIndex;
    }

    private static InferenceStatistics add(InferenceStatistics a, InferenceStatistics b) {
        return new InferenceStatistics(add(a.success(), b.success()), add(a.fail(), b.fail()),
                add(a.queue(), b.queue()), add(a.computeInput(), b.computeInput()),
                add(a.computeInfer(), b.computeInfer()), add(a.computeOutput(), b.computeOutput()),
                add(a.cacheHit(), b.cacheHit()), add(a.cacheMiss(), b.cacheMiss()));
    }

    private static List<BatchStatistics> add(List<BatchStatistics> a, List<BatchStatistics> b) {
        Map<Long, BatchStatistics> bySize = new TreeMap<>();
        for (BatchStatistics batch : a) {
            bySize.put(batch.batchSize(), batch);
        }
        for (BatchStatistics batch : b) {
            bySize.merge(batch.batchSize(), batch, (x, y) -> new BatchStatistics(x.batchSize(),
                    add(x.computeInput(), y.computeInput()), add(x.computeInfer(), y.computeInfer()),
                    add(x.computeOutput(), y.computeOutput())));
        }
        return new ArrayList<>(bySize.values());
    }

    private static Failures add(Failures a, Failures b) {
        return new Failures(a.rejected() + b.rejected(), a.canceled() + b.canceled(), a.backend() + b.backend(),
                a.other() + b.other());
    }

    private static Latencies add(Latencies a, Latencies b) {
        return new Latencies(add(a.request(), b.request()), add(a.queue(), b.queue()),
                add(a.computeInput(), b.computeInput()), add(a.computeInfer(), b.computeInfer()),
                add(a.computeOutput(), b.computeOutput()));
    }

    /** Workers run the same code, so their histograms share bucket bounds. */
    private static LatencyDistribution add(LatencyDistribution a, LatencyDistribution b) {
        long[] counts = a.counts().clone();
        for (int i = 0; i < counts.length && i < b.counts().length; i++) {
            counts[i] += b.counts()[i];
        }
        return new LatencyDistribution(a.upperBoundsMicros(), counts, a.count() + b.count(), a.sumNanos() + b.sumNanos());
    }

    private static Duration add(Duration a, Duration b) {
        return new Duration(a.count() + b.count(), a.ns() + b.ns());
    }
}
