package io.infergate.python;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.ConcurrentSink;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.trace.RequestTrace;
import io.vertx.core.Context;
import java.util.concurrent.LinkedBlockingQueue;
import org.graalvm.polyglot.HostAccess;

/**
 * A BLS request in flight: the engine's sink queues its answers, from whichever thread produced
 * them, and the Python thread that asked takes them with {@link #next()}, blocking. Blocking is
 * fine here because Python runs on model worker threads or threads of its own, never on an event
 * loop (checked). A traced request's trace ends with its last answer.
 */
public final class BlsCall implements ConcurrentSink {
    // Marks the end of the stream in the queue.
    private static final BlsReply END = BlsReply.failed(new IllegalStateException("end"));

    private final LinkedBlockingQueue<BlsReply> replies = new LinkedBlockingQueue<>();
    private final boolean callerWaits;
    private final Cancellation cancellation = Cancellation.create();
    private final RequestTrace trace;
    private boolean ended;

    /**
     * @param callerWaits whether the Python thread waits for the answer right after sending (exec())
     * @param trace       the request's trace, null when it is not traced
     */
    BlsCall(boolean callerWaits, RequestTrace trace) {
        this.callerWaits = callerWaits;
        this.trace = trace;
    }

    @Override
    public boolean callerWaits() {
        return callerWaits;
    }

    /** What the engine watches for the caller withdrawing the request. */
    Cancellation cancellation() {
        return cancellation;
    }

    /**
     * Withdraws the request (a decoupled BLS response iterator's cancel()): queued, it ends
     * CANCELLED; executing, the callee's request.is_cancelled() turns true.
     */
    @HostAccess.Export
    public void cancel() {
        cancellation.cancel();
    }

    @Override
    public void response(InferenceResponse response) {
        replies.add(BlsReply.of(response));
    }

    @Override
    public void complete() {
        endTrace();
        replies.add(END);
    }

    @Override
    public void fail(InferenceException error) {
        endTrace();
        replies.add(BlsReply.failed(error));
        replies.add(END);
    }

    private void endTrace() {
        if (trace != null) {
            trace.end();
        }
    }

    /** The next answer, waiting for it; null once the model has sent its last one. */
    @HostAccess.Export
    public BlsReply next() throws InterruptedException {
        if (ended) {
            return null;
        }
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("a BLS call cannot wait on an event loop thread");
        }
        BlsReply reply = replies.take();
        if (reply == END) {
            ended = true;
            return null;
        }
        return reply;
    }
}
