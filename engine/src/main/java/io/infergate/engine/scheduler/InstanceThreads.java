package io.infergate.engine.scheduler;

import io.infergate.engine.model.LoadedVersion;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a model version's instances execute on, one per instance, named
 * {@code infergate-<model>-<version>-<n>}. Plain threads rather than a Vert.x worker pool:
 * schedulers hand batches to them from whichever thread admitted the request, and nothing that
 * runs on them needs a Vert.x context. Daemon threads, so a stuck backend never holds the JVM.
 */
public final class InstanceThreads {
    private final ExecutorService threads;

    public InstanceThreads(LoadedVersion model) {
        String prefix = "infergate-" + model.spec().name() + "-" + model.version() + "-";
        AtomicInteger created = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(model.instances().size(), task -> {
            Thread thread = new Thread(task, prefix + created.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs a task on an instance thread; the task answers for itself. */
    void execute(Runnable task) {
        threads.execute(task);
    }

    /** Runs a task on an instance thread; its outcome completes the future on {@code context}. */
    public <T> Future<T> call(Callable<T> task, Context context) {
        Promise<T> outcome = Promise.promise();
        threads.execute(() -> {
            try {
                T result = task.call();
                context.runOnContext(v -> outcome.complete(result));
            } catch (Throwable e) {
                context.runOnContext(v -> outcome.fail(e));
            }
        });
        return outcome.future();
    }

    /**
     * The last step of a scheduler's stop: once {@code drained}, closes the version's instances on
     * these threads, then ends the threads. The result completes on {@code context}.
     */
    public Future<Void> closeAfter(Future<Void> drained, LoadedVersion model, Context context) {
        return drained
                .compose(v -> call(() -> {
                    model.closeInstances();
                    return null;
                }, context))
                .eventually(() -> {
                    threads.shutdown();
                    return Future.succeededFuture();
                })
                .mapEmpty();
    }
}
