package io.infergate.python;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Cancels Python executions that run past their time limit; one daemon thread for all models. */
final class ExecutionWatchdog {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "infergate-python-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private ExecutionWatchdog() {
    }

    /** Runs {@code cancel} after the limit unless the returned handle is cancelled first. */
    static ScheduledFuture<?> arm(long limitNanos, Runnable cancel) {
        return TIMER.schedule(cancel, limitNanos, TimeUnit.NANOSECONDS);
    }
}
