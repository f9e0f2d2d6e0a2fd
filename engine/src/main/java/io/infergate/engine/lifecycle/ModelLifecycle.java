package io.infergate.engine.lifecycle;

import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.ModelLoadOverrides;
import io.infergate.engine.api.Status;
import io.infergate.engine.backend.BackendRegistry;
import io.infergate.engine.ensemble.EnsembleScheduler;
import io.infergate.engine.lifecycle.LoadOutcome.VersionOutcome;
import io.infergate.engine.model.LoadedVersion;
import io.infergate.engine.model.ModelRecord;
import io.infergate.engine.model.ModelRecord.VersionRecord;
import io.infergate.engine.model.ModelRegistry;
import io.infergate.engine.repository.ModelRepositories;
import io.infergate.engine.scheduler.ModelScheduler;
import io.infergate.engine.scheduler.SharedScheduling;
import io.infergate.engine.scheduler.sequence.SequenceScheduler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads and unloads models. Operations on one model run one after another (a per-model chain of
 * futures); different models load in parallel. A reload builds the new versions before the old
 * ones stop, and stopping drains in-flight requests, so a reload fails no request.
 */
public final class ModelLifecycle {
    private static final System.Logger LOG = System.getLogger(ModelLifecycle.class.getName());
    /** How a serving version's reason starts when a reload failed and it kept serving. */
    public static final String RELOAD_FAILED = "reload failed, this version keeps serving: ";
    private final Vertx vertx;
    private final ModelRegistry registry;
    private final ModelLoader loader;
    private final InferenceEngine engine;
    private final SharedScheduling shared;
    private final Map<String, Future<Void>> lastOperation = new ConcurrentHashMap<>();

    private ModelLifecycle(Vertx vertx, ModelRegistry registry, ModelLoader loader, InferenceEngine engine,
            SharedScheduling shared) {
        this.vertx = vertx;
        this.registry = registry;
        this.loader = loader;
        this.engine = engine;
        this.shared = shared;
    }

    /**
     * A lifecycle that loads from these repositories with these backends into the registry.
     *
     * @param engine the engine whose models these are: ensembles send their steps through it, and
     *               the instances it creates get it to call other models (BLS)
     * @param models the catalog the instances get to load, unload and ask about other models
     * @param shared what every model's scheduler shares (the response cache)
     */
    public static ModelLifecycle create(Vertx vertx, ModelRegistry registry, ModelRepositories repositories,
            BackendRegistry backends, boolean autoComplete, InferenceEngine engine, ModelCatalog models,
            SharedScheduling shared) {
        return new ModelLifecycle(vertx, registry,
                new ModelLoader(repositories, new ModelConfigResolver(backends, autoComplete), registry, engine,
                        models),
                engine, shared);
    }

    /** Loads (or reloads) a model; fails with "failed to load '...'" when any version fails. */
    public Future<Void> load(String name, ModelLoadOverrides overrides) {
        return serialized(name, () -> doLoad(name, overrides));
    }

    /**
     * Loads the models of an order, except {@code skip}: the models that are not ensembles in
     * parallel, then the ensembles one after another. A failed load is not this future's failure:
     * the index tells it, and an ensemble that needs the model fails to load with a reason.
     */
    public Future<Void> loadInOrder(StartupOrder order, String skip) {
        List<Future<Void>> loads = new ArrayList<>();
        for (String name : order.models()) {
            if (!name.equals(skip)) {
                loads.add(load(name, ModelLoadOverrides.NONE));
            }
        }
        Future<Void> chain = Future.join(loads).transform(ignored -> Future.<Void>succeededFuture());
        for (String ensemble : order.ensembles()) {
            if (!ensemble.equals(skip)) {
                chain = chain.compose(v -> load(ensemble, ModelLoadOverrides.NONE)
                        .transform(ignored -> Future.<Void>succeededFuture()));
            }
        }
        return chain;
    }

    /** Unloads every version of a model after its in-flight requests finish. */
    public Future<Void> unload(String name) {
        return serialized(name, () -> doUnload(name));
    }

    /**
     * Unloads a model; with {@code unloadDependents}, an ensemble's composing models go too (and
     * theirs, for nested ensembles), except those another loaded ensemble still uses.
     */
    public Future<Void> unload(String name, boolean unloadDependents) {
        ModelRecord record = registry.get(name);
        Future<Void> unloaded = unload(name);
        if (!unloadDependents || record == null || record.config() == null) {
            return unloaded;
        }
        return unloaded.compose(done -> Future.join(record.config().getEnsembleScheduling().getStepList().stream()
                .map(step -> step.getModelName()).distinct().filter(this::loadedAndUnused)
                .map(composing -> unload(composing, true)).toList()).mapEmpty());
    }

    /** Whether a model has a ready version and no ready ensemble names it in a step. */
    private boolean loadedAndUnused(String model) {
        ModelRecord record = registry.get(model);
        return record != null && record.hasReadyVersion() && registry.all().stream()
                .filter(other -> other.hasReadyVersion() && other.config() != null)
                .noneMatch(other -> other.config().getEnsembleScheduling().getStepList().stream()
                        .anyMatch(step -> step.getModelName().equals(model)));
    }

    private Future<Void> serialized(String name, java.util.function.Supplier<Future<Void>> operation) {
        Future<Void> next = lastOperation.compute(name, (key, previous) -> {
            Future<Void> start = previous == null ? Future.succeededFuture()
                    : previous.transform(ignored -> Future.succeededFuture());
            return start.compose(ignored -> operation.get());
        });
        next.onComplete(ignored -> lastOperation.remove(name, next));
        return next;
    }

    private Future<Void> doLoad(String name, ModelLoadOverrides overrides) {
        ModelRecord previous = registry.get(name);
        registry.put(ModelRecord.loading(name, previous));
        long started = System.nanoTime();
        return vertx.executeBlocking(() -> loader.load(name, overrides), false)
                .compose(outcome -> deploy(outcome, previous, started)
                        .compose(record -> install(previous, record, outcome.found())));
    }

    /**
     * Starts a scheduler for every version that loaded; returns the model's new record. Each ready
     * version records how long it took since the model's load started.
     */
    private Future<ModelRecord> deploy(LoadOutcome outcome, ModelRecord previous, long started) {
        List<Future<VersionRecord>> versions = new ArrayList<>();
        for (VersionOutcome version : outcome.versions()) {
            if (version.loaded() == null) {
                versions.add(Future.succeededFuture(new VersionRecord(version.version(), ModelRecord.UNAVAILABLE,
                        version.failure(), null, null)));
            } else {
                versions.add(vertx.deployVerticle(schedulerFor(version, previous))
                        .map(id -> {
                            version.loaded().stats().loaded(System.nanoTime() - started);
                            return new VersionRecord(version.version(), ModelRecord.READY, "", version.loaded(), id);
                        })
                        .otherwise(e -> {
                            version.loaded().closeInstances();
                            return new VersionRecord(version.version(), ModelRecord.UNAVAILABLE, e.getMessage(), null, null);
                        }));
            }
        }
        return Future.all(versions).map(all -> {
            TreeMap<Long, VersionRecord> byNumber = new TreeMap<>();
            versions.forEach(v -> byNumber.put(v.result().version(), v.result()));
            return new ModelRecord(outcome.name(), outcome.config(), outcome.failure(), byNumber);
        });
    }

    /**
     * Ensembles and sequence models get schedulers of their own; every other model the dynamic
     * batcher's. A sequence model being reloaded hands the requests of sequences it does not know
     * to the version it replaces, which keeps the running ones until they end.
     */
    private VerticleBase schedulerFor(VersionOutcome version, ModelRecord previous) {
        LoadedVersion loaded = version.loaded();
        if (version.ensemblePlan() != null) {
            return new EnsembleScheduler(loaded, version.ensemblePlan(), engine);
        }
        if (loaded.spec().config().hasSequenceBatching()) {
            return new SequenceScheduler(loaded, predecessorOf(version.version(), previous));
        }
        return new ModelScheduler(loaded, shared);
    }

    /** The ready version a reload replaces: the same version number, else the newest one. */
    private static LoadedVersion predecessorOf(long version, ModelRecord previous) {
        if (previous == null) {
            return null;
        }
        VersionRecord same = previous.versions().get(version);
        if (same != null && same.isReady()) {
            return same.loaded();
        }
        return previous.versions().descendingMap().values().stream().filter(VersionRecord::isReady)
                .map(VersionRecord::loaded).findFirst().orElse(null);
    }

    /**
     * Makes the new record current and retires the previous versions. A reload that produced no
     * ready version keeps the previous ones serving; a name no repository has leaves no record.
     */
    private Future<Void> install(ModelRecord previous, ModelRecord loaded, boolean outcomeFound) {
        boolean keepPrevious = !loaded.hasReadyVersion() && previous != null && previous.hasReadyVersion();
        String failure = failureOf(loaded);
        if (previous == null && !outcomeFound) {
            registry.remove(loaded.name());
        } else if (!keepPrevious) {
            registry.put(loaded);
            if (previous != null) {
                stopVersions(previous, true);
            }
        } else {
            LOG.log(System.Logger.Level.WARNING, "reloading model '" + loaded.name()
                    + "' failed, the previous versions keep serving: " + failure);
            registry.put(previous.withReadyReason(RELOAD_FAILED + failure));
        }
        return failure == null ? Future.succeededFuture()
                : Future.failedFuture(new InferenceException(Status.INVALID_ARG,
                        "failed to load '" + loaded.name() + "', " + failure));
    }

    private static String failureOf(ModelRecord record) {
        if (record.failure() != null) {
            return record.failure();
        }
        return record.versions().values().stream().filter(v -> !v.isReady())
                .map(v -> "version " + v.version() + ": " + v.reason()).reduce((a, b) -> a + "; " + b).orElse(null);
    }

    private Future<Void> doUnload(String name) {
        ModelRecord record = registry.get(name);
        if (record == null) {
            return Future.failedFuture(new InferenceException(Status.INVALID_ARG,
                    "failed to unload '" + name + "', no version is available"));
        }
        registry.put(record.withAllVersions(ModelRecord.UNLOADING, ""));
        return stopVersions(record, false).andThen(done -> registry.put(record.withAllVersions(ModelRecord.UNAVAILABLE, ModelRecord.UNLOADED)));
    }

    /**
     * Retires the versions of a record the registry no longer routes to: once the requests routed
     * to a version before the swap have reached its scheduler (and, when a reload {@code replaced}
     * it, once it has handed over, see {@link LoadedVersion#handOver()}), the scheduler is
     * undeployed, which drains its queued and running work, then closes the instances.
     */
    private Future<Void> stopVersions(ModelRecord record, boolean replaced) {
        List<Future<Void>> stops = new ArrayList<>();
        for (VersionRecord version : record.versions().values()) {
            if (version.deploymentId() != null) {
                LoadedVersion loaded = version.loaded();
                stops.add(loaded.admissions().retire()
                        .compose(quiet -> replaced ? loaded.handOver() : Future.succeededFuture())
                        .compose(handedOver -> vertx.undeploy(version.deploymentId())));
            }
        }
        return Future.join(stops).mapEmpty();
    }

    /** Unloads everything (server shutdown). */
    public Future<Void> closeAll() {
        List<Future<Void>> unloads = new ArrayList<>();
        for (ModelRecord record : registry.all()) {
            unloads.add(unload(record.name()));
        }
        return Future.join(unloads).mapEmpty();
    }
}
