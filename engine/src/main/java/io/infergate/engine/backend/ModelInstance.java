package io.infergate.engine.backend;

import io.infergate.engine.tensor.Tensor;
import java.util.List;

/**
 * One loaded copy of a model. The scheduler hands an instance one execution at a time, always on a
 * worker thread, so an instance needs no locking of its own.
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

    /** Releases native resources. Called once, after the last execution. */
    @Override
    void close();
}
