package io.infergate.testsupport;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Blocks a test or benchmark thread (never an event loop) until a Vert.x future completes or a
 * condition holds. Tests wait for what they need, never for a fixed time.
 */
public final class Await {
    /** How long a future or a condition may take before the test fails. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /** The future's result within {@link #TIMEOUT}; its failure rethrown unchecked with the original cause. */
    public static <T> T await(Future<T> future) {
        return await(future, TIMEOUT);
    }

    /** The future's result within the timeout; its failure rethrown unchecked with the original cause. */
    public static <T> T await(Future<T> future, Duration timeout) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The failure of this type the future ends with within {@link #TIMEOUT}; an AssertionError when it succeeds. */
    public static <E extends Throwable> E failure(Future<?> future, Class<E> type) {
        return failure(future, type, TIMEOUT);
    }

    /** The failure of this type the future ends with within the timeout; an AssertionError when it succeeds. */
    public static <E extends Throwable> E failure(Future<?> future, Class<E> type, Duration timeout) {
        Object result;
        try {
            result = await(future, timeout);
        } catch (IllegalStateException e) {
            if (type.isInstance(e.getCause())) {
                return type.cast(e.getCause());
            }
            throw new AssertionError("expected a " + type.getSimpleName() + ", got " + e.getCause(), e.getCause());
        }
        throw new AssertionError("expected a " + type.getSimpleName() + ", got the result " + result);
    }

    /** A condition that may throw, so tests can poll calls that declare exceptions. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Returns once the condition holds; fails with "timed out waiting for {@code what}" after {@link #TIMEOUT}. */
    public static void eventually(String what, Condition condition) {
        eventually(what, TIMEOUT, condition);
    }

    /** Returns once the condition holds; fails with "timed out waiting for {@code what}" after the timeout. */
    public static void eventually(String what, Duration timeout, Condition condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!condition.holds()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + timeout + " waiting for " + what);
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        } catch (AssertionError | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("waiting for " + what + " failed", e);
        }
    }

    /** Reads a value until it satisfies the condition and returns that value; fails with the last one after {@link #TIMEOUT}. */
    public static <T> T eventually(String what, ValueSource<T> value, Predicate<? super T> condition) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            eventually(what, () -> {
                last.set(value.read());
                return condition.test(last.get());
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + last.get(), e);
        }
        return last.get();
    }

    /** A value read again on each poll. */
    @FunctionalInterface
    public interface ValueSource<T> {
        T read() throws Exception;
    }
}
