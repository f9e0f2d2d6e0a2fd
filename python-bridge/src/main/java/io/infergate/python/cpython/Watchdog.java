package io.infergate.python.cpython;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kills a stub that does not answer in time. The thread waiting for the answer blocks in a read of
 * the stub's socket; killing the stub ends that read, so a time limit costs no polling and no
 * extra thread hand-off on the way of an answer that comes in time.
 */
final class Watchdog {
    private static final ScheduledThreadPoolExecutor TIMERS = timers();

    /** A kill scheduled for one wait: cancelled when the answer came first. */
    interface Timer {
        void cancel();

        /** Whether it killed the stub: the wait ran past its limit. */
        boolean fired();
    }

    /** No limit: nothing scheduled. */
    static final Timer NONE = new Timer() {
        @Override
        public void cancel() {
        }

        @Override
        public boolean fired() {
            return false;
        }
    };

    private Watchdog() {
    }

    /** Kills {@code process} (and what it started) in {@code nanos}, unless cancelled first. */
    static Timer kill(Process process, long nanos) {
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> scheduled = TIMERS.schedule(() -> {
            fired.set(true);
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, nanos, TimeUnit.NANOSECONDS);
        return new Timer() {
            @Override
            public void cancel() {
                scheduled.cancel(false);
            }

            @Override
            public boolean fired() {
                return fired.get();
            }
        };
    }

    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "infergate-cpython-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true); // requests that answer in time leave nothing queued
        return timers;
    }
}
