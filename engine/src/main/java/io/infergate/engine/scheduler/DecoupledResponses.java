package io.infergate.engine.scheduler;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.api.Status;
import io.infergate.engine.backend.ResponseSender;
import io.infergate.engine.model.OutputAssembler;
import io.infergate.engine.model.PreparedRequest;
import io.infergate.engine.stats.FailureReason;
import io.infergate.engine.stats.ModelStatsRecorder;
import io.infergate.engine.tensor.Tensor;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sender a decoupled model gets for one request: each send becomes a client response
 * (assembled like any response), the final flag completes the request. Thread-safe, since
 * backends may send from threads of their own.
 */
public final class DecoupledResponses implements ResponseSender {
    private final PreparedRequest request;
    private final OutputAssembler assembler;
    private final ModelStatsRecorder stats;
    private final ResponseSink sink;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean rescheduled;

    public DecoupledResponses(PreparedRequest request, OutputAssembler assembler, ModelStatsRecorder stats) {
        this.request = request;
        this.assembler = assembler;
        this.stats = stats;
        this.sink = request.sink();
    }

    @Override
    public synchronized void send(List<Tensor> outputs, boolean last) {
        if (finished.get()) {
            throw new IllegalStateException("a response was sent after the final flag");
        }
        sink.response(assembler.assemble(request, outputs));
        if (last) {
            finish();
        }
    }

    @Override
    public synchronized void finish() {
        if (finished.compareAndSet(false, true)) {
            stats.requestLeft();
            stats.requestSucceeded(System.nanoTime() - request.receivedNanos());
            sink.complete();
        }
    }

    @Override
    public void reschedule() {
        if (finished.get()) {
            throw new IllegalStateException("a request cannot be rescheduled after its final response");
        }
        rescheduled = true;
    }

    /** Whether the execution asked for the request to run again (and has not finished it since). */
    boolean rescheduled() {
        return rescheduled && !finished.get();
    }

    @Override
    public boolean isFinished() {
        return finished.get();
    }

    /** Ends the request with an error unless the model already finished it. */
    @Override
    public synchronized void fail(Throwable cause) {
        if (finished.compareAndSet(false, true)) {
            stats.requestLeft();
            stats.requestFailed(System.nanoTime() - request.receivedNanos(), FailureReason.BACKEND);
            sink.fail(cause instanceof InferenceException e ? e
                    : new InferenceException(Status.INTERNAL, String.valueOf(cause.getMessage()), cause));
        }
    }
}
