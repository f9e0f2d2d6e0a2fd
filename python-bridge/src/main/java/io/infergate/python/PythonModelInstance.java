package io.infergate.python;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.RequestDetails;
import io.infergate.engine.tensor.Tensor;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.graalvm.polyglot.PolyglotException;

/**
 * One instance of a Python model. Each execution is one pb_utils request (a dynamically batched
 * execution arrives as one request holding the whole batch). A Python exception fails that
 * request only. An execution still running {@link #TIMEOUT_GRACE_NANOS} after its requests'
 * timeout expired, or past the model's own time limit, has its context cancelled; the instance
 * then builds a fresh context and initializes the model again. So does an execution that ran out
 * of memory (numpy's MemoryError, which the instance's memory limit raises), whose failed request
 * names the limit.
 */
final class PythonModelInstance implements ModelInstance {
    private static final System.Logger LOG = System.getLogger(PythonModelInstance.class.getName());
    /** How long a model that watches request.is_cancelled() has to return after a timeout, before it is stopped. */
    static final long TIMEOUT_GRACE_NANOS = 1_000_000_000L;

    private final PythonModelFactory factory;
    private final long timeLimitMillis;
    // Replaced by rebuild(); read by isReady() on other threads.
    private volatile PythonModel model;

    PythonModelInstance(PythonModelFactory factory, long timeLimitMillis) throws PythonLoadException {
        this.factory = factory;
        this.timeLimitMillis = timeLimitMillis;
        this.model = factory.create();
    }

    /** A Python context stays on its instance's threads: a BLS caller's thread is inside a context of its own. */
    @Override
    public boolean runsOnCallerThreads() {
        return false;
    }

    @Override
    public List<Tensor> execute(Execution execution) throws Exception {
        PythonResponseSender sender = execution.sender() == null ? null : new PythonResponseSender(execution.sender());
        PythonModel running = model;
        long stopAfterNanos = stopAfterNanos(execution.requests());
        ScheduledFuture<?> watchdog = stopAfterNanos < Long.MAX_VALUE
                ? ExecutionWatchdog.arm(stopAfterNanos, running::cancel) : null;
        try {
            execution.timer().inputsReady();
            List<Tensor> outputs = running.execute(execution.inputs(), execution.requestedOutputs(), sender,
                    HostRequest.of(execution.requests()));
            execution.timer().inferenceDone();
            return outputs;
        } catch (PolyglotException e) {
            if (e.isCancelled()) {
                rebuild("an execution was stopped");
                throw new InferenceException(Status.UNAVAILABLE, "model '" + factory.modelName()
                        + "' was stopped: its execution ran past " + describeLimit(execution.requests()));
            }
            if (PythonErrors.isMemoryError(e)) {
                // What the instance holds may be what filled it: its context goes, a fresh one starts empty.
                running.cancel();
                rebuild("an execution ran out of memory");
                throw new InferenceException(Status.INTERNAL, "model '" + factory.modelName() + "' ran out of memory"
                        + describeMemoryLimit() + ": " + e.getMessage() + "; the instance was restarted");
            }
            throw PythonErrors.of(e);
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }
    }

    /**
     * How long the execution may run: until the grace after the last of its requests timed out
     * (when every one has a timeout), and never past the model's own limit; Long.MAX_VALUE for no bound.
     */
    private long stopAfterNanos(List<RequestDetails> requests) {
        long limit = timeLimitMillis > 0 ? timeLimitMillis * 1_000_000 : Long.MAX_VALUE;
        if (requests.isEmpty() || requests.stream().anyMatch(request -> request.timeoutMicros() == 0)) {
            return limit;
        }
        long now = System.nanoTime();
        long lastDeadline = requests.stream().mapToLong(request -> request.deadlineNanos() - now).max().orElseThrow();
        return Math.min(limit, Math.max(0, lastDeadline) + TIMEOUT_GRACE_NANOS);
    }

    private String describeLimit(List<RequestDetails> requests) {
        boolean timedOut = !requests.isEmpty() && requests.stream().allMatch(
                request -> request.timeoutMicros() > 0 && System.nanoTime() - request.deadlineNanos() >= 0);
        return timedOut ? "the request timeout" : "its limit of " + timeLimitMillis + " ms";
    }

    private String describeMemoryLimit() {
        long limit = factory.memoryLimitBytes();
        return limit > 0 ? " (its instances' numpy arrays may hold " + (limit >> 20) + " MiB: model parameter "
                + PythonBackend.MEMORY_LIMIT_MB + ")" : "";
    }

    private void rebuild(String why) throws PythonLoadException {
        LOG.log(System.Logger.Level.WARNING, "model '" + factory.modelName() + "': " + why
                + "; rebuilding its Python context");
        model = factory.create();
    }

    /**
     * The model's {@code is_ready()}, on the caller's thread (a model-ready request): a model
     * without one is ready; one that raises, or whose context is being rebuilt, is not.
     */
    @Override
    public boolean isReady() {
        try {
            return model.isReady();
        } catch (PolyglotException | IllegalStateException e) {
            LOG.log(System.Logger.Level.WARNING, "model '" + factory.modelName() + "': is_ready() failed: "
                    + e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        try {
            model.close();
        } catch (PolyglotException e) {
            LOG.log(System.Logger.Level.WARNING, "model '" + factory.modelName() + "': finalize() raised: "
                    + e.getMessage());
        }
    }
}
