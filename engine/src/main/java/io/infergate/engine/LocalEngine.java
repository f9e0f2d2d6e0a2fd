package io.infergate.engine;

import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.ConcurrentSink;
import io.infergate.engine.api.ContextBoundSink;
import io.infergate.engine.api.InferenceEngine;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ModelCatalog;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelLoadOverrides;
import io.infergate.engine.api.ModelMetadata;
import io.infergate.engine.api.ModelNames;
import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.api.Status;
import io.infergate.engine.backend.BackendRegistry;
import io.infergate.engine.bus.EngineBus;
import io.infergate.engine.cache.ResponseCache;
import io.infergate.engine.bus.ModelAddresses;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.lifecycle.ModelLifecycle;
import io.infergate.engine.lifecycle.RepositoryPoller;
import io.infergate.engine.lifecycle.StartupOrder;
import io.infergate.engine.model.InlineScheduler;
import io.infergate.engine.model.LoadedVersion;
import io.infergate.engine.model.ModelRecord;
import io.infergate.engine.model.ModelRegistry;
import io.infergate.engine.model.PreparedRequest;
import io.infergate.engine.ratelimit.RateLimiter;
import io.infergate.engine.repository.ModelRepositories;
import io.infergate.engine.repository.RepositoryListing;
import io.infergate.engine.scheduler.SharedScheduling;
import io.infergate.engine.stats.FailureReason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The engine running models in this JVM. Requests are checked here, on the caller's thread, then
 * admitted to the model version's scheduler on the same thread (plain models and ensembles) or
 * sent by reference over the event bus to its verticle (sequence models, whose state lives on
 * one context).
 */
public final class LocalEngine implements InferenceEngine, ModelCatalog {
    private static final System.Logger LOG = System.getLogger(LocalEngine.class.getName());

    private final Vertx vertx;
    private final EngineOptions options;
    private final ModelRepositories repositories;
    private final ModelRegistry registry = new ModelRegistry();
    private final ModelLifecycle lifecycle;
    /** Applies the repositories' changes in poll mode; null in the other modes. */
    private final RepositoryPoller poller;
    private volatile boolean started;
    private volatile boolean closed;
    /** The model folders of the repositories at their last listing: name to "" or why it cannot load. */
    private volatile Map<String, String> repositoryListing = Map.of();

    private LocalEngine(Vertx vertx, EngineOptions options, BackendRegistry backends,
            Function<LocalEngine, InferenceEngine> modelCalls) {
        this.vertx = vertx;
        this.options = options;
        this.repositories = new ModelRepositories(options.modelRepositories());
        this.lifecycle = ModelLifecycle.create(vertx, registry, repositories, backends, options.autoCompleteConfig(),
                modelCalls.apply(this), this, sharedScheduling(options));
        this.poller = options.controlMode() == ModelControlMode.POLL
                ? new RepositoryPoller(vertx, repositories, lifecycle, this::hasReadyVersion) : null;
    }

    private static SharedScheduling sharedScheduling(EngineOptions options) {
        return new SharedScheduling(options.responseCacheBytes() > 0 ? new ResponseCache(options.responseCacheBytes()) : null,
                options.rateLimit().enabled() ? new RateLimiter(options.rateLimit().countsFor(RateLimiter.CPU_DEVICE)) : null);
    }

    /**
     * Starts an engine on this Vert.x instance and loads the start-up models. The future
     * succeeds once every start-up load has finished, whether or not each model loaded; the
     * index tells which did.
     */
    public static Future<LocalEngine> start(Vertx vertx, EngineOptions options) {
        return start(vertx, options, BackendRegistry.discover());
    }

    /** Starts an engine with an explicit set of backends (tests, embedding applications). */
    public static Future<LocalEngine> start(Vertx vertx, EngineOptions options, BackendRegistry backends) {
        return start(vertx, options, backends, engine -> engine);
    }

    /**
     * Starts an engine whose models (Python BLS, ensemble steps) call other models through
     * {@code modelCalls} applied to this engine, such as a router that also reaches other nodes.
     */
    public static Future<LocalEngine> start(Vertx vertx, EngineOptions options, BackendRegistry backends,
            Function<LocalEngine, InferenceEngine> modelCalls) {
        EngineBus.registerCodecs(vertx);
        LocalEngine engine = new LocalEngine(vertx, options, backends, modelCalls);
        return engine.loadStartupModels().map(v -> {
            engine.started = true;
            return engine;
        });
    }

    /**
     * Loads the start-up models, an ensemble's composing models with it, and lists the
     * repositories; in poll mode the poller takes its baseline first, so what changes during the
     * start-up load is applied by its first scan.
     */
    private Future<Void> loadStartupModels() {
        boolean all = options.controlMode() != ModelControlMode.EXPLICIT || options.startupModels().contains("*");
        Future<Void> baseline = poller == null ? Future.succeededFuture() : poller.baseline();
        return baseline.compose(v -> vertx.executeBlocking(() -> StartupOrder.withComposingModels(all
                ? everyLoadableModel() : options.startupModels(), repositories, this::hasReadyVersion), false))
                .compose(order -> lifecycle.loadInOrder(order, null))
                .compose(v -> rescan().recover(unreadable -> Future.succeededFuture()))
                .andThen(loaded -> {
                    if (poller != null) {
                        poller.start(options.pollInterval(), () -> rescan());
                    }
                });
    }

    /**
     * The models one repository alone holds. A repository that cannot be listed (a folder that is
     * gone, a store that is down) does not stop the start: the failure is logged, the repository
     * index reports it, and in poll mode its models load with the first scan that reads it.
     */
    private List<String> everyLoadableModel() {
        RepositoryListing listing = repositories.listAll();
        listing.failures().forEach(failure -> LOG.log(System.Logger.Level.ERROR, failure));
        return listing.loadableModels();
    }

    private boolean hasReadyVersion(String model) {
        return registry.isReady(model, "");
    }

    /**
     * Lists the repositories again (on a worker thread) for the index; a repository that cannot
     * be read leaves the previous listing, and the failure is this future's.
     */
    private Future<Void> rescan() {
        return vertx.executeBlocking(repositories::listAll, false).map(listing -> {
            Map<String, String> found = new TreeMap<>();
            listing.models().forEach((name, holders) -> found.put(name,
                    holders.size() > 1 ? ModelRepositories.duplicateReason(name, holders) : ""));
            repositoryListing = found;
            listing.requireComplete();
            return null;
        });
    }

    /** Unloads every model (draining in-flight requests) and releases the engine's resources. */
    public Future<Void> close() {
        closed = true;
        if (poller != null) {
            poller.stop();
        }
        return lifecycle.closeAll().andThen(closed -> repositories.close());
    }

    @Override
    public boolean isLive() {
        return !closed;
    }

    @Override
    public boolean isReady() {
        return started && !closed && (!options.strictReadiness() || registry.allReady());
    }

    @Override
    public Future<InferenceResponse> infer(InferenceRequest request, Cancellation cancellation) {
        try {
            LoadedVersion model = registry.admit(request.modelName(), request.modelVersion());
            if (model.decoupled()) {
                model.admissions().exit();
                throw InferenceException.decoupledOverUnary(request.modelName());
            }
            return send(model, prepare(model, request).with(cancellation, null));
        } catch (InferenceException e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public void inferStream(InferenceRequest request, Cancellation cancellation, ResponseSink sink) {
        ResponseSink onCaller = sink instanceof ConcurrentSink ? sink
                : new ContextBoundSink(vertx.getOrCreateContext(), sink);
        try {
            LoadedVersion model = registry.admit(request.modelName(), request.modelVersion());
            PreparedRequest prepared = prepare(model, request);
            if (model.decoupled() || (sink instanceof ConcurrentSink && model.answersIntoSinks())) {
                // The scheduler answers into the sink; the future only reports failing to reach it.
                send(model, prepared.with(cancellation, onCaller)).onFailure(e -> onCaller.fail((InferenceException) e));
            } else {
                send(model, prepared.with(cancellation, null)).onComplete(answer -> {
                    if (answer.succeeded()) {
                        onCaller.response(answer.result());
                        onCaller.complete();
                    } else {
                        onCaller.fail((InferenceException) answer.cause());
                    }
                });
            }
        } catch (InferenceException e) {
            onCaller.fail(e);
        }
    }

    /** Checks a request against its admitted version; a refused one leaves the version's admissions. */
    private static PreparedRequest prepare(LoadedVersion model, InferenceRequest request) {
        boolean prepared = false;
        try {
            PreparedRequest checked = model.preparer().prepare(request);
            prepared = true;
            return checked;
        } catch (InferenceException e) {
            model.stats().requestFailed(0, FailureReason.OTHER);
            throw e;
        } finally {
            if (!prepared) {
                model.admissions().exit();
            }
        }
    }

    /**
     * Hands a prepared request to its version's scheduler: on this thread when the scheduler takes
     * requests inline, else over the event bus. Failures come back as InferenceException. The
     * request leaves the version's admissions once the scheduler holds it: when an inline
     * scheduler returns, or when the event-bus consumer has answered (a message still on its way
     * must not meet a consumer that has unregistered).
     */
    private Future<InferenceResponse> send(LoadedVersion model, PreparedRequest prepared) {
        InlineScheduler inline = model.inline();
        if (inline != null) {
            try {
                return inline.handle(prepared);
            } catch (RuntimeException e) { // a scheduler bug: fail the request rather than leave it hanging
                return Future.failedFuture(InferenceException.of(e));
            } finally {
                model.admissions().exit();
            }
        }
        return vertx.eventBus().<InferenceResponse>request(ModelAddresses.of(model), prepared, EngineBus.delivery())
                .andThen(answered -> model.admissions().exit())
                .transform(reply -> reply.succeeded() ? Future.succeededFuture(reply.result().body())
                        : Future.failedFuture(InferenceException.ofReply(reply.cause(), model.spec().name())));
    }

    @Override
    public boolean isModelReady(String model, String version) {
        return registry.isServing(model, version);
    }

    @Override
    public ModelMetadata metadata(String model, String version) {
        return registry.metadata(model, version);
    }

    @Override
    public ModelConfig config(String model, String version) {
        return registry.config(model, version);
    }

    @Override
    public List<ModelIndexEntry> index(boolean readyOnly) {
        List<ModelIndexEntry> entries = new ArrayList<>(registry.index(readyOnly));
        if (readyOnly) {
            return entries;
        }
        repositoryListing.forEach((name, duplicate) -> {
            if (registry.get(name) == null) {
                entries.add(duplicate.isEmpty() ? ModelIndexEntry.nameOnly(name)
                        : new ModelIndexEntry(name, "", ModelRecord.UNAVAILABLE, duplicate));
            }
        });
        // stable: a model's versions keep the registry's order
        entries.sort(Comparator.comparing(ModelIndexEntry::name));
        return entries;
    }

    @Override
    public Future<List<ModelIndexEntry>> repositoryIndex(boolean readyOnly) {
        return rescan().transform(scanned -> scanned.succeeded() ? Future.succeededFuture(index(readyOnly))
                : Future.failedFuture(InferenceException.of(scanned.cause())));
    }

    /**
     * Loads (or reloads) a model; an ensemble's composing models that are not ready load first,
     * as Triton loads them with it.
     */
    @Override
    public Future<Void> load(String model, ModelLoadOverrides overrides) {
        return repositoryCall("load", model, () -> vertx.executeBlocking(() -> StartupOrder.withComposingModels(
                        List.of(model), repositories, this::hasReadyVersion), false)
                .compose(order -> lifecycle.loadInOrder(order, model))
                .compose(v -> lifecycle.load(model, overrides == null ? ModelLoadOverrides.NONE : overrides)));
    }

    @Override
    public Future<Void> unload(String model, boolean unloadDependents) {
        return repositoryCall("unload", model, () -> lifecycle.unload(model, unloadDependents));
    }

    /**
     * Runs a repository operation once the control mode allows it and the name is safe; the
     * repositories are listed again afterwards, for the index.
     */
    private Future<Void> repositoryCall(String operation, String model, Supplier<Future<Void>> call) {
        try {
            requireExplicitControl();
            ModelNames.requireValid(model);
        } catch (InferenceException e) {
            return Future.failedFuture(e);
        }
        return call.get().andThen(done -> rescan());
    }

    /** Triton's refusal, word for word, in every mode but explicit (Triton's NONE and POLL modes alike). */
    private void requireExplicitControl() {
        if (options.controlMode() != ModelControlMode.EXPLICIT) {
            throw new InferenceException(Status.UNAVAILABLE,
                    "explicit model load / unload is not allowed if polling is enabled");
        }
    }

    @Override
    public List<ModelStatistics> statistics(String model, String version) {
        if (model == null || model.isEmpty()) {
            List<ModelStatistics> all = new ArrayList<>();
            for (ModelIndexEntry entry : registry.index(true)) {
                all.add(registry.route(entry.name(), entry.version()).stats().snapshot());
            }
            return all;
        }
        return registry.readyVersions(model, version).stream().map(v -> v.stats().snapshot()).toList();
    }
}
