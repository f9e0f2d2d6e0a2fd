package io.infergate.engine.lifecycle;

import io.infergate.engine.repository.ModelRepositories;
import io.infergate.engine.repository.RepositoryListing;
import io.infergate.engine.repository.spi.ModelFingerprint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Triton's poll mode: every interval the repositories are scanned on a worker thread and each
 * model folder's fingerprint (a {@link ModelFingerprint} on disk, the objects' ETags in a remote
 * store) is compared with the last scan's. A new folder is
 * loaded, a folder that is gone is unloaded, a changed folder is reloaded (the new files load
 * beside the old ones, which keep serving until the new ones are ready, or for good when they
 * fail). A folder whose load failed is tried again only once its files change, as in Triton.
 * Scans never overlap: a tick that finds the last one still applying its changes is skipped.
 */
public final class RepositoryPoller {
    private static final System.Logger LOG = System.getLogger(RepositoryPoller.class.getName());

    private final Vertx vertx;
    private final ModelRepositories repositories;
    private final ModelLifecycle lifecycle;
    private final Predicate<String> ready;
    /** Model name to fingerprint at the last scan; touched by one scan at a time. */
    private volatile Map<String, String> known = Map.of();
    private final AtomicBoolean scanning = new AtomicBoolean();
    private volatile long timer = -1;

    /**
     * @param ready whether a model has a ready version (an ensemble's composing models that are
     *              not ready load with it)
     */
    public RepositoryPoller(Vertx vertx, ModelRepositories repositories, ModelLifecycle lifecycle,
            Predicate<String> ready) {
        this.vertx = vertx;
        this.repositories = repositories;
        this.lifecycle = lifecycle;
        this.ready = ready;
    }

    /**
     * Records the repositories as they are now: the start-up load applies them, later scans
     * compare with them. The models of a repository that cannot be read yet load with the first
     * scan that reads it.
     */
    public Future<Void> baseline() {
        return vertx.executeBlocking(() -> fingerprints(false), false).map(found -> {
            known = found;
            return null;
        });
    }

    /** Scans every interval from now on; {@code afterChanges} runs once a scan's changes are applied. */
    public void start(Duration interval, Runnable afterChanges) {
        timer = vertx.setPeriodic(interval.toMillis(), id -> {
            if (scanning.compareAndSet(false, true)) {
                scan().onComplete(done -> {
                    scanning.set(false);
                    if (done.failed()) {
                        LOG.log(System.Logger.Level.WARNING, "polling the model repositories failed", done.cause());
                    }
                    afterChanges.run();
                });
            }
        });
    }

    public void stop() {
        vertx.cancelTimer(timer);
    }

    /** One scan: finds what changed since the last one and applies it; the future ends when the loads have. */
    private Future<Void> scan() {
        return vertx.executeBlocking(() -> fingerprints(true), false).compose(found -> {
            List<String> gone = known.keySet().stream().filter(name -> !found.containsKey(name)).toList();
            List<String> changed = found.entrySet().stream()
                    .filter(entry -> !entry.getValue().equals(known.get(entry.getKey()))).map(Map.Entry::getKey)
                    .toList();
            known = found;
            if (!gone.isEmpty() || !changed.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "model repository poll: changed " + changed + ", removed " + gone);
            }
            List<Future<Void>> unloads = new ArrayList<>();
            gone.forEach(name -> unloads.add(lifecycle.unload(name).recover(notLoaded -> Future.succeededFuture())));
            return Future.join(unloads).transform(ignored -> changed.isEmpty() ? Future.succeededFuture()
                    : vertx.executeBlocking(() -> StartupOrder.withComposingModels(changed, repositories, ready), false)
                            .compose(order -> lifecycle.loadInOrder(order, null)));
        });
    }

    /**
     * The fingerprint of every model folder the repositories hold once. A folder two repositories
     * hold is left out (the index shows why it cannot load); a folder that cannot be read this
     * time keeps the fingerprint it had, so a folder deleted while it is read is not mistaken
     * for a changed one.
     *
     * @param complete fail when a repository cannot be listed, rather than leave its models out
     */
    private Map<String, String> fingerprints(boolean complete) {
        Map<String, String> found = new HashMap<>();
        RepositoryListing listing = repositories.listAll();
        if (complete) {
            // a repository that cannot be read this time must not look like one whose models are all gone
            listing.requireComplete();
        }
        listing.models().forEach((name, holders) -> {
            if (holders.size() == 1) {
                try {
                    found.put(name, holders.getFirst().fingerprint(name));
                } catch (IOException unreadable) {
                    if (known.containsKey(name)) {
                        found.put(name, known.get(name));
                    }
                }
            }
        });
        return found;
    }
}
