package io.infergate.testkit;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Blocks a test or benchmark thread (never an event loop) until a Vert.x future completes. */
public final class Await {
    private Await() {
    }

    /** The future's result within 60 s; its failure rethrown unchecked with the original cause. */
    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
