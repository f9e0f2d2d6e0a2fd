package io.infergate.engine.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Lets a frontend withdraw a request whose client went away (HTTP connection closed, gRPC
 * cancel). A request cancelled while queued is answered CANCELLED and never computed; one
 * already executing finishes (backends that care see it through
 * {@link io.infergate.engine.backend.RequestDetails#isCancelled()}) and its result is discarded.
 * Thread-safe.
 */
public final class Cancellation {
    /** For requests that are never cancelled. */
    public static final Cancellation NONE = new Cancellation();

    private final List<Runnable> listeners = new ArrayList<>(1);
    private boolean cancelled;

    public static Cancellation create() {
        return new Cancellation();
    }

    /** Cancels the request; idempotent. */
    public void cancel() {
        if (this == NONE) {
            return;
        }
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(listeners);
            listeners.clear();
        }
        toRun.forEach(Runnable::run);
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Runs the action on cancellation (at once when already cancelled). */
    public void onCancel(Runnable action) {
        if (this == NONE) {
            return;
        }
        synchronized (this) {
            if (!cancelled) {
                listeners.add(action);
                return;
            }
        }
        action.run();
    }
}
