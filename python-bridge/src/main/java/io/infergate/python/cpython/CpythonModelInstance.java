package io.infergate.python.cpython;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ModelSpec;
import io.infergate.engine.backend.RequestDetails;
import io.infergate.engine.tensor.Tensor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One instance of a model on the CPython runtime: one {@link Stub}. A stub that dies, runs past
 * its time or breaks the protocol fails the request it was running, and a new one starts at once
 * in the background ({@link #START_TRIES} tries with growing pauses); the next request waits for
 * it. A stub that dies between requests is replaced the same way, at once. The instance is not
 * ready ({@link #isReady()}) until the new stub runs.
 */
final class CpythonModelInstance implements ModelInstance {
    private static final System.Logger LOG = System.getLogger(CpythonModelInstance.class.getName());
    static final int START_TRIES = 3;
    private static final long FIRST_PAUSE_MILLIS = 100;
    /** How long past its requests' timeout a stub may run before it is killed, as on GraalPy. */
    private static final long TIMEOUT_GRACE_NANOS = 1_000_000_000L;
    private static final ExecutorService RESTARTS = Executors.newVirtualThreadPerTaskExecutor();

    private final ModelSpec spec;
    private final int instanceIndex;
    private final Interpreter interpreter;
    private final long timeLimitMillis;
    // Guarded by this: isReady() and a stub's end are called on other threads than execute().
    private Stub stub;
    private CompletableFuture<Stub> restarting;
    private boolean executing;
    private boolean closed;

    CpythonModelInstance(ModelSpec spec, int instanceIndex, Interpreter interpreter, long timeLimitMillis)
            throws StubFailure {
        this.spec = spec;
        this.instanceIndex = instanceIndex;
        this.interpreter = interpreter;
        this.timeLimitMillis = timeLimitMillis;
        this.stub = start();
    }

    private Stub start() throws StubFailure {
        Stub started = Stub.start(spec, instanceIndex, interpreter, this::ended);
        LOG.log(System.Logger.Level.INFO, "model '" + spec.name() + "' instance " + instanceIndex + " runs on CPython "
                + interpreter.version() + " (" + interpreter.executable() + ", numpy " + interpreter.numpy()
                + "), stub process " + started.pid());
        return started;
    }

    @Override
    public List<Tensor> execute(Execution execution) {
        synchronized (this) {
            executing = true;
        }
        try {
            Stub running = running();
            Limit limit = limit(execution.requests());
            try {
                return running.execute(execution, limit.nanos(), limit.overdue());
            } catch (StubFailure e) {
                restartInBackground();
                throw new InferenceException(e.status(), e.getMessage() + "; the instance is restarting");
            }
        } finally {
            synchronized (this) {
                executing = false;
            }
        }
    }

    private synchronized void restartInBackground() {
        stub = null;
        restarting = CompletableFuture.supplyAsync(this::restart, RESTARTS);
    }

    /** A stub's stream ended: when it died between requests, a new one starts at once. */
    private void ended(Stub ended) {
        synchronized (this) {
            if (executing || closed || current() != ended) {
                return; // a failed execution restarts it; a replaced or closed one stays stopped
            }
            restartInBackground();
        }
        LOG.log(System.Logger.Level.WARNING, "model '" + spec.name() + "': its CPython stub ended between requests; "
                + "starting another");
        ended.kill();
    }

    /** The stub that serves now: null while one restarts or after a restart failed. */
    private synchronized Stub current() {
        if (restarting != null) {
            return restarting.isDone() && !restarting.isCompletedExceptionally() ? restarting.join() : null;
        }
        return stub;
    }

    /** The stub to run the next request: the one restarting, or a new one when this one is unhealthy. */
    private Stub running() {
        CompletableFuture<Stub> pending;
        synchronized (this) {
            pending = restarting;
        }
        if (pending != null) {
            try {
                Stub restarted = pending.join();
                synchronized (this) {
                    stub = restarted;
                }
            } catch (CompletionException e) {
                throw (InferenceException) e.getCause();
            } finally {
                synchronized (this) {
                    restarting = null;
                }
            }
        }
        Stub current;
        synchronized (this) {
            current = stub;
        }
        if (current == null || !current.isHealthy()) {
            if (current != null) {
                LOG.log(System.Logger.Level.WARNING, "model '" + spec.name() + "': its CPython stub exited, or sent "
                        + "a message nobody asked for, between requests; starting another");
                synchronized (this) {
                    stub = null;
                }
                current.kill();
            }
            current = restart();
            synchronized (this) {
                stub = current;
            }
        }
        return current;
    }

    /**
     * Whether the instance can serve: not while its stub restarts or after it failed to; else the
     * stub's answer (its model's is_ready(), when it has one).
     */
    @Override
    public boolean isReady() {
        Stub current = current();
        return current != null && current.isReady();
    }

    /** A new stub, after up to {@link #START_TRIES} tries with doubling pauses. */
    private Stub restart() {
        StubFailure last = null;
        for (int attempt = 0; attempt < START_TRIES; attempt++) {
            try {
                Thread.sleep(FIRST_PAUSE_MILLIS << attempt);
                return start();
            } catch (StubFailure e) {
                last = e;
                LOG.log(System.Logger.Level.WARNING, "model '" + spec.name() + "': restart " + (attempt + 1) + " of "
                        + START_TRIES + " failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InferenceException(Status.UNAVAILABLE, "model '" + spec.name() + "': interrupted while "
                        + "restarting its CPython stub");
            }
        }
        throw new InferenceException(Status.UNAVAILABLE, "model '" + spec.name() + "' is not running: its CPython "
                + "stub did not restart in " + START_TRIES + " tries; the last one: " + last.getMessage());
    }

    /** How long an execution may run and what its error says past that. */
    private record Limit(long nanos, String overdue) {
    }

    /**
     * The model's EXECUTE_TIMEOUT_MS, shortened to a grace after the last request timeout when
     * every request of the execution has one.
     */
    private Limit limit(List<RequestDetails> requests) {
        Limit limit = timeLimitMillis > 0
                ? new Limit(timeLimitMillis * 1_000_000, "its execution ran past its limit of " + timeLimitMillis
                        + " ms (EXECUTE_TIMEOUT_MS)")
                : new Limit(Stub.NO_LIMIT, "");
        if (requests.isEmpty() || requests.stream().anyMatch(request -> request.timeoutMicros() == 0)) {
            return limit;
        }
        long now = System.nanoTime();
        long untilLast = requests.stream().mapToLong(request -> request.deadlineNanos() - now).max().orElseThrow();
        long untilStop = Math.max(0, untilLast) + TIMEOUT_GRACE_NANOS;
        return untilStop < limit.nanos() ? new Limit(untilStop, "its execution ran past the request timeout") : limit;
    }

    @Override
    public void close() {
        CompletableFuture<Stub> pending;
        synchronized (this) {
            closed = true;
            pending = restarting;
        }
        Stub last;
        try {
            last = pending != null ? pending.join() : stub;
        } catch (CompletionException e) {
            last = null;
        }
        if (last != null) {
            last.close();
        }
    }
}
