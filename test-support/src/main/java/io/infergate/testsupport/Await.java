package io.infergate.testkit;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Blocks a test or benchmark thread (never an event loop) until a Vert.x future completes. */
public final class Await {
    private Await() {
    }

    /** The future's result within 60 s; its failure rethrown unchecked with the original cause. */
    public static <T> T await(Future<T> future) {
        return await(future, Duration.ofSeconds(60));
    }

    /** The future's result within the timeout; its failure rethrown unchecked with the original cause. */
    public static <T> T await(Future<T> future, Duration timeout) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
