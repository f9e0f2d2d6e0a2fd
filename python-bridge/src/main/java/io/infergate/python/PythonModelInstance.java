package io.infergate.python;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.tensor.Tensor;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.graalvm.polyglot.PolyglotException;

/**
 * One instance of a Python model. Each execution is one pb_utils request (a dynamically batched
 * execution arrives as one request holding the whole batch). A Python exception fails that
 * request only. An execution that runs past the model's time limit has its context cancelled;
 * the instance then builds a fresh context and initializes the model again.
 */
final class PythonModelInstance implements ModelInstance {
    private static final System.Logger LOG = System.getLogger(PythonModelInstance.class.getName());

    private final PythonModelFactory factory;
    private final long timeLimitMillis;
    private PythonModel model;

    PythonModelInstance(PythonModelFactory factory, long timeLimitMillis) throws PythonLoadException {
        this.factory = factory;
        this.timeLimitMillis = timeLimitMillis;
        this.model = factory.create();
    }

    @Override
    public List<Tensor> execute(Execution execution) throws Exception {
        PythonResponseSender sender = execution.sender() == null ? null : new PythonResponseSender(execution.sender());
        PythonModel running = model;
        ScheduledFuture<?> watchdog = timeLimitMillis > 0 ? ExecutionWatchdog.arm(timeLimitMillis, running::cancel) : null;
        try {
            execution.timer().inputsReady();
            List<Tensor> outputs = running.execute(execution.inputs(), execution.requestedOutputs(), sender);
            execution.timer().inferenceDone();
            InferenceException sent = sender == null ? null : sender.executeReturned();
            if (sent != null) {
                throw sent;
            }
            return outputs;
        } catch (PolyglotException e) {
            if (sender != null) {
                sender.executeReturned();
            }
            if (e.isCancelled()) {
                rebuild();
                throw new InferenceException(Status.UNAVAILABLE, "model '" + factory.modelName()
                        + "' ran longer than its limit of " + timeLimitMillis + " ms and was stopped");
            }
            throw PythonErrors.of(e);
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }
    }

    private void rebuild() throws PythonLoadException {
        LOG.log(System.Logger.Level.WARNING, "model '" + factory.modelName()
                + "': execution stopped after " + timeLimitMillis + " ms; rebuilding its Python context");
        model = factory.create();
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
