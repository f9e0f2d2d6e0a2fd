package io.infergate.engine.backend;

import io.infergate.engine.trace.RequestTrace;
import io.infergate.engine.trace.TracePoint;

/**
 * Timestamps of one execution, in {@link System#nanoTime()} units: started, inputs ready,
 * inference done, outputs ready. A backend calls {@link #inputsReady()} and
 * {@link #inferenceDone()}; one that does not gets all its time counted as inference.
 */
public final class ComputeTimer {
    private final long start = System.nanoTime();
    private long inputsReady;
    private long inferenceDone;
    private long end;

    public void inputsReady() {
        inputsReady = System.nanoTime();
    }

    public void inferenceDone() {
        inferenceDone = System.nanoTime();
    }

    /** Called by the scheduler when the backend has returned. */
    public void finish() {
        end = System.nanoTime();
        if (inputsReady == 0) {
            inputsReady = start;
        }
        if (inferenceDone == 0) {
            inferenceDone = end;
        }
    }

    public long startNanos() {
        return start;
    }

    public long inputNanos() {
        return inputsReady - start;
    }

    public long inferNanos() {
        return inferenceDone - inputsReady;
    }

    public long outputNanos() {
        return end - inferenceDone;
    }

    /**
     * Marks Triton's compute points of a traced request that this execution computed (each
     * execution's, for a request computed more than once).
     */
    public void mark(RequestTrace trace) {
        trace.add(TracePoint.COMPUTE_START, start);
        trace.add(TracePoint.COMPUTE_INPUT_END, inputsReady);
        trace.add(TracePoint.COMPUTE_OUTPUT_START, inferenceDone);
        trace.add(TracePoint.COMPUTE_END, end);
    }
}
