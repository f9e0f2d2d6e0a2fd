package io.infergate.engine.model;

import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ModelSpec;
import io.infergate.engine.stats.ModelStatsRecorder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A model version whose instances exist: everything its scheduler and the request path need,
 * derived once at load time.
 */
public final class LoadedVersion {
    private static final AtomicLong LOADS = new AtomicLong();

    private final ModelSpec spec;
    private final String version;
    private final ModelSignature signature;
    private final RequestPreparer preparer;
    private final OutputAssembler assembler;
    private final List<ModelInstance> instances;
    private final ModelStatsRecorder stats;
    private final Admissions admissions = new Admissions();
    private final long loadId = LOADS.incrementAndGet();
    private volatile InlineScheduler inline;
    private volatile Supplier<Future<Void>> handOver = Future::succeededFuture;
    private final Promise<Void> closed = Promise.promise();

    public LoadedVersion(ModelSpec spec, List<ModelInstance> instances, Map<String, List<String>> labels) {
        this.spec = spec;
        this.version = Long.toString(spec.version());
        this.signature = new ModelSignature(spec.config());
        this.preparer = new RequestPreparer(spec.name(), signature);
        this.assembler = new OutputAssembler(spec.name(), version, signature, labels);
        this.instances = List.copyOf(instances);
        this.stats = new ModelStatsRecorder(spec.name(), version);
    }

    /** The scheduler that takes this version's requests on the caller's thread, or null: use the event bus. */
    public InlineScheduler inline() {
        return inline;
    }

    /** Set by a scheduler that serves inline when it starts; null when it stops. */
    public void serveInline(InlineScheduler scheduler) {
        this.inline = scheduler;
    }

    /**
     * Whether the scheduler answers a request that carries a sink through that sink even when the
     * model is not decoupled: true for the plain model scheduler, false for sequence and ensemble
     * scheduling, which answer those by reply.
     */
    public boolean answersIntoSinks() {
        return !spec.config().hasEnsembleScheduling() && !spec.config().hasSequenceBatching();
    }

    public ModelSpec spec() {
        return spec;
    }

    public String version() {
        return version;
    }

    public ModelSignature signature() {
        return signature;
    }

    public RequestPreparer preparer() {
        return preparer;
    }

    public OutputAssembler assembler() {
        return assembler;
    }

    public List<ModelInstance> instances() {
        return instances;
    }

    /** Whether the model answers through a response sender (zero to many responses per request). */
    public boolean decoupled() {
        return spec.config().getModelTransactionPolicy().getDecoupled();
    }

    public ModelStatsRecorder stats() {
        return stats;
    }

    /**
     * Set by a scheduler whose running work outlives a reload (a sequence scheduler's running
     * sequences): the hand-over a reload waits for before it stops the scheduler.
     */
    public void handOverWith(Supplier<Future<Void>> handOver) {
        this.handOver = handOver;
    }

    /** Called by a reload once the successor serves; completes when this version's scheduler may stop. */
    public Future<Void> handOver() {
        return handOver.get();
    }

    /** Tells this load of the version from earlier and later loads of the same version number. */
    public long loadId() {
        return loadId;
    }

    /** The gate requests pass from routing to this version's scheduler. */
    public Admissions admissions() {
        return admissions;
    }

    /** Closes every instance; called once the version's scheduler has drained. */
    public void closeInstances() {
        instances.forEach(ModelInstance::close);
        closed.tryComplete();
    }

    /** Completes once the instances are closed: the version is gone for good. */
    public Future<Void> closed() {
        return closed.future();
    }
}
