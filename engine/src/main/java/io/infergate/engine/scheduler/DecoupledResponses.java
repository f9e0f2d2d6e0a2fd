package io.infergate.engine.scheduler;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.InferenceResponse.ComputeTimes;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.api.Status;
import io.infergate.engine.backend.ResponseSender;
import io.infergate.engine.model.OutputAssembler;
import io.infergate.engine.model.PreparedRequest;
import io.infergate.engine.stats.FailureReason;
import io.infergate.engine.stats.ModelStatsRecorder;
import io.infergate.engine.tensor.Tensor;
import io.infergate.engine.trace.RequestTrace;
import io.infergate.engine.trace.TracePoint;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sender a decoupled model gets for one request: each send becomes a client response
 * (assembled like any response), the final flag completes the request. Thread-safe, since
 * backends may send from threads of their own. Each response, a final flag without one, and a
 * failure count in the model's statistics under their response index (Triton's response_stats),
 * timed from the previous response, or from the sender's creation (the execution's start) for the first.
 */
public final class DecoupledResponses implements ResponseSender {
    private final PreparedRequest request;
    private final OutputAssembler assembler;
    private final ModelStatsRecorder stats;
    private final ResponseSink sink;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean rescheduled;
    /** Guarded by this: the index of the next response, and when the previous one was sent. */
    private int nextIndex;
    private long lastNanos = System.nanoTime();

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
        long assembling = System.nanoTime();
        InferenceResponse response = assembler.assemble(request, outputs);
        long assembled = System.nanoTime();
        stats.responseSent(nextIndex++, assembling - lastNanos, assembled - assembling);
        response = response.withCompute(new ComputeTimes(0, assembling - lastNanos, assembled - assembling));
        lastNanos = assembled;
        sink.response(response);
        if (last) {
            complete();
        }
    }

    @Override
    public synchronized void finish() {
        if (!finished.get()) {
            stats.emptyResponse(nextIndex, System.nanoTime() - lastNanos);
        }
        complete();
    }

    private void complete() {
        if (finished.compareAndSet(false, true)) {
            long now = System.nanoTime();
            stats.requestLeft();
            stats.requestSucceeded(now - request.receivedNanos());
            traceEnd(now);
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
            InferenceException failure = cause instanceof InferenceException e ? e
                    : new InferenceException(Status.INTERNAL, String.valueOf(cause.getMessage()), cause);
            long now = System.nanoTime();
            stats.responseFailed(nextIndex, now - lastNanos, failure.status() == Status.CANCELLED);
            stats.requestLeft();
            stats.requestFailed(now - request.receivedNanos(), FailureReason.BACKEND);
            traceEnd(now);
            sink.fail(failure);
        }
    }

    /** A traced request ends with its final flag (its executions are marked by the scheduler). */
    private void traceEnd(long now) {
        RequestTrace trace = request.request().trace();
        if (trace != null) {
            trace.record(TracePoint.REQUEST_END, now);
        }
    }
}
