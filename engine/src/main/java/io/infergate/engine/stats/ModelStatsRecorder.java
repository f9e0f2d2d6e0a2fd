package io.infergate.engine.stats;

import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.api.ModelStatistics.BatchStatistics;
import io.infergate.engine.api.ModelStatistics.Failures;
import io.infergate.engine.api.ModelStatistics.Latencies;
import io.infergate.engine.api.ModelStatistics.InferenceStatistics;
import io.infergate.engine.api.ModelStatistics.ResponseStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one model version. Schedulers and frontends record into it from any thread;
 * the statistics API and the metrics endpoint read snapshots. Cheap on the hot path: adders only.
 */
public final class ModelStatsRecorder {
    /**
     * Response indexes counted one by one: a decoupled model may answer one request millions of
     * times, and Triton's response_stats would then hold millions of entries; responses past this
     * index are not counted in them.
     */
    public static final int MAX_RESPONSE_INDEXES = 1024;

    private final String model;
    private final String version;
    private final DurationCounter success = new DurationCounter();
    private final DurationCounter fail = new DurationCounter();
    private final DurationCounter queue = new DurationCounter();
    private final DurationCounter computeInput = new DurationCounter();
    private final DurationCounter computeInfer = new DurationCounter();
    private final DurationCounter computeOutput = new DurationCounter();
    private final DurationCounter cacheHit = new DurationCounter();
    private final DurationCounter cacheMiss = new DurationCounter();
    private final LongAdder inferenceCount = new LongAdder();
    private final LongAdder executionCount = new LongAdder();
    private final LongAdder pending = new LongAdder();
    private final AtomicLong lastInferenceMillis = new AtomicLong();
    private volatile long loadNanos;
    private final LongAdder[] failures = new LongAdder[FailureReason.values().length];
    private final LatencyHistogram requestLatency = new LatencyHistogram();
    private final LatencyHistogram queueLatency = new LatencyHistogram();
    private final LatencyHistogram inputLatency = new LatencyHistogram();
    private final LatencyHistogram inferLatency = new LatencyHistogram();
    private final LatencyHistogram outputLatency = new LatencyHistogram();
    private final Map<Long, BatchCounters> batches = new ConcurrentSkipListMap<>();
    private final Map<Integer, ResponseCounters> responses = new ConcurrentSkipListMap<>();

    public ModelStatsRecorder(String model, String version) {
        this.model = model;
        this.version = version;
        for (int i = 0; i < failures.length; i++) {
            failures[i] = new LongAdder();
        }
    }

    /** A request was accepted by the scheduler and awaits its answer. */
    public void requestQueued() {
        pending.increment();
    }

    /** A queued request left the scheduler, answered or failed. */
    public void requestLeft() {
        pending.decrement();
    }

    /** A request was answered successfully after {@code totalNs}, of which {@code queueNs} queued. */
    public void requestSucceeded(long totalNs, long queueNs, long inputNs, long inferNs, long outputNs) {
        success.add(1, totalNs);
        queue.add(1, queueNs);
        computeInput.add(1, inputNs);
        computeInfer.add(1, inferNs);
        computeOutput.add(1, outputNs);
        requestLatency.record(totalNs);
        queueLatency.record(queueNs);
        inputLatency.record(inputNs);
        inferLatency.record(inferNs);
        outputLatency.record(outputNs);
    }

    /** A decoupled request finished: its time counts as success, its compute is in the executions. */
    public void requestSucceeded(long totalNs) {
        success.add(1, totalNs);
        requestLatency.record(totalNs);
    }

    /**
     * A request was answered from the response cache after {@code totalNs}, {@code lookupNs} of it
     * looking up and copying out: a success (and a queue entry of 0) without inference, execution
     * or compute, as Triton counts a hit.
     */
    public void cacheHit(long totalNs, long lookupNs) {
        success.add(1, totalNs);
        queue.add(1, 0);
        requestLatency.record(totalNs);
        queueLatency.record(0);
        cacheHit.add(1, lookupNs);
        lastInferenceMillis.set(System.currentTimeMillis());
    }

    /** A request missed the response cache; {@code lookupNs} went into looking it up. */
    public void cacheMiss(long lookupNs) {
        cacheMiss.add(1, lookupNs);
    }

    /** A missed request's response went into the cache in {@code ns}: Triton's miss time is lookup plus insertion. */
    public void cacheInserted(long ns) {
        cacheMiss.add(0, ns);
    }

    public void requestFailed(long totalNs, FailureReason reason) {
        fail.add(1, totalNs);
        failures[reason.ordinal()].increment();
    }

    /** One backend execution of {@code batchSize} inferences finished. */
    public void executed(long batchSize, long inputNs, long inferNs, long outputNs) {
        inferenceCount.add(batchSize);
        executionCount.increment();
        lastInferenceMillis.set(System.currentTimeMillis());
        batches.computeIfAbsent(batchSize, size -> new BatchCounters()).add(inputNs, inferNs, outputNs);
    }

    /**
     * A decoupled model sent the response at {@code index} of a request: computed in
     * {@code inferNs} (since its execution started or its previous response), assembled in {@code outputNs}.
     */
    public void responseSent(int index, long inferNs, long outputNs) {
        ResponseCounters counters = responseCounters(index);
        if (counters != null) {
            counters.computeInfer.add(1, inferNs);
            counters.computeOutput.add(1, outputNs);
            counters.success.add(1, inferNs + outputNs);
        }
    }

    /** A decoupled model sent the final flag without a response at {@code index}, {@code ns} after its previous one. */
    public void emptyResponse(int index, long ns) {
        ResponseCounters counters = responseCounters(index);
        if (counters != null) {
            counters.emptyResponse.add(1, ns);
        }
    }

    /** A decoupled request failed (or, {@code cancelled}, was cancelled) where its response {@code index} would be. */
    public void responseFailed(int index, long ns, boolean cancelled) {
        ResponseCounters counters = responseCounters(index);
        if (counters != null) {
            (cancelled ? counters.cancel : counters.fail).add(1, ns);
        }
    }

    private ResponseCounters responseCounters(int index) {
        return index < 0 || index >= MAX_RESPONSE_INDEXES ? null
                : responses.computeIfAbsent(index, i -> new ResponseCounters());
    }

    /** The version is ready, this long after its model's load began. */
    public void loaded(long nanos) {
        loadNanos = nanos;
    }

    public ModelStatistics snapshot() {
        List<BatchStatistics> batchStats = new ArrayList<>();
        batches.forEach((size, counters) -> batchStats.add(new BatchStatistics(size,
                counters.input.snapshot(), counters.infer.snapshot(), counters.output.snapshot())));
        InferenceStatistics inference = new InferenceStatistics(success.snapshot(), fail.snapshot(),
                queue.snapshot(), computeInput.snapshot(), computeInfer.snapshot(), computeOutput.snapshot(),
                cacheHit.snapshot(), cacheMiss.snapshot());
        return new ModelStatistics(model, version, lastInferenceMillis.get(), inferenceCount.sum(),
                executionCount.sum(), pending.sum(), inference, batchStats,
                new Failures(failures[FailureReason.REJECTED.ordinal()].sum(),
                        failures[FailureReason.CANCELED.ordinal()].sum(), failures[FailureReason.BACKEND.ordinal()].sum(),
                        failures[FailureReason.OTHER.ordinal()].sum()),
                new Latencies(requestLatency.snapshot(), queueLatency.snapshot(), inputLatency.snapshot(),
                        inferLatency.snapshot(), outputLatency.snapshot()),
                responseSnapshot(), List.of(), loadNanos);
    }

    private Map<Integer, ResponseStatistics> responseSnapshot() {
        Map<Integer, ResponseStatistics> snapshot = new TreeMap<>();
        responses.forEach((index, counters) -> snapshot.put(index, counters.snapshot()));
        return snapshot;
    }

    private static final class BatchCounters {
        final DurationCounter input = new DurationCounter();
        final DurationCounter infer = new DurationCounter();
        final DurationCounter output = new DurationCounter();

        void add(long inputNs, long inferNs, long outputNs) {
            input.add(1, inputNs);
            infer.add(1, inferNs);
            output.add(1, outputNs);
        }
    }
}
