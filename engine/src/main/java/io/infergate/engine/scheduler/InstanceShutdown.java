package io.infergate.engine.scheduler;

import io.infergate.engine.model.LoadedVersion;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;

/** The last step of every scheduler's stop: once drained, close the instances, then their pool. */
public final class InstanceShutdown {
    private InstanceShutdown() {
    }

    /** Closes the version's instances on its worker pool after {@code drained}, then the pool. */
    public static Future<Void> afterDrain(Future<Void> drained, WorkerExecutor workers, LoadedVersion model) {
        return drained
                .compose(v -> workers.<Void>executeBlocking(() -> {
                    model.closeInstances();
                    return null;
                }))
                .eventually(workers::close);
    }
}
