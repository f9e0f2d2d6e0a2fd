package io.infergate.engine.backend;

import io.infergate.engine.tensor.Tensor;
import java.util.List;

/**
 * One loaded copy of a model. The scheduler hands an instance one execution at a time, on an
 * instance thread or on a caller's thread that waits for the answer, so an instance needs no
 * locking of its own.
 */
public interface ModelInstance extends AutoCloseable {

    /**
     * Runs the model.
     *
     * @return the requested outputs, with the shapes the model produced (before output reshape);
     *         a decoupled model sends through {@link Execution#sender()} instead and returns an
     *         empty list
     * @throws Exception any failure; the requests of this execution fail with its message
     */
    List<Tensor> execute(Execution execution) throws Exception;

    /**
     * Whether a caller's thread that waits for the answer may run an execution (see
     * {@link io.infergate.engine.api.ConcurrentSink#callerWaits()}); false for instances bound to
     * threads or runtimes of their own.
     */
    default boolean runsOnCallerThreads() {
        return true;
    }

    /**
     * Whether the instance can serve now, as the model-ready endpoints report it (a Python model's
     * optional {@code is_ready()}); called on any thread, also while an execution runs, so it must
     * answer quickly. True by default.
     */
    default boolean isReady() {
        return true;
    }

    /** Releases native resources. Called once, after the last execution. */
    @Override
    void close();
}
