package io.infergate.engine.model;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests that have been routed to one version and are being handed to its scheduler. A
 * reload or an unload first takes the version out of the registry, then {@link #retire() retires}
 * it here and stops its scheduler only once every request routed to it earlier has been admitted.
 * Without this gate a request routed just before the swap could reach a scheduler that has begun
 * to stop and be refused, the one failure a reload must not cause.
 */
public final class Admissions {
    private final AtomicInteger entering = new AtomicInteger();
    private final Promise<Void> quiet = Promise.promise();
    private volatile boolean retired;

    /**
     * Enters the gate; false when the version is retired (route again: the registry already holds
     * what replaced it). Every true is followed by one {@link #exit()}.
     */
    boolean tryEnter() {
        entering.incrementAndGet();
        if (retired) {
            exit();
            return false;
        }
        return true;
    }

    /** The request has reached the scheduler (or failed before it). */
    public void exit() {
        if (entering.decrementAndGet() == 0 && retired) {
            quiet.tryComplete();
        }
    }

    /** Takes no more requests; the future completes once every request that entered has exited. */
    public Future<Void> retire() {
        retired = true;
        if (entering.get() == 0) {
            quiet.tryComplete();
        }
        return quiet.future();
    }
}
