package io.infergate.engine.trace;

import io.infergate.engine.tensor.Tensor;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The trace of one sampled request: its id (and its parent's, for an ensemble step), the model
 * that ran it, Triton's timestamps in {@link System#nanoTime()} units (the monotonic clock Triton's
 * traces use too), and at the TENSORS level the tensors it went in and came out with. Marked from
 * the frontend's event loop and the scheduler's threads; the creator ends it, which hands it to
 * {@code finished} (a writer off the request path) once nothing else {@link #hold holds} it. A
 * request with many responses (a decoupled model's) passes the send points once per response
 * and may be computed more than once: {@link #add} keeps every passing.
 */
public final class RequestTrace {
    /** Triton's activity names for tensors. */
    public static final String QUEUE_INPUT = "TENSOR_QUEUE_INPUT";
    public static final String BACKEND_OUTPUT = "TENSOR_BACKEND_OUTPUT";
    private static final Comparator<Timestamp> IN_TIME = Comparator.comparingLong(Timestamp::nanos)
            .thenComparing(Timestamp::point);

    private final long id;
    /** The trace of the request that made this one; null for a client's request. */
    private final RequestTrace parent;
    private final boolean timestamps;
    private final boolean tensors;
    private final AtomicLong ids;
    private final Consumer<RequestTrace> finished;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** The creator until it ends the trace, and whoever else {@link #hold holds} it. */
    private final AtomicInteger holders = new AtomicInteger(1);
    /** When each point was passed, by its ordinal; only those in {@code marked} were. No allocation per point. */
    private final long[] nanos = new long[TracePoint.values().length];
    private int marked;
    /** Points passed again (per response, per execution); made at the first repeat: most traces have none. */
    private List<Timestamp> repeats;
    /** Made at the first tensor: most traces have none. */
    private List<TracedTensor> tensorRecords;
    private String modelName = "";
    private String modelVersion = "";
    private String requestId = "";
    private String remoteContext = "";

    /** A point of the request's way and when it passed it. */
    public record Timestamp(TracePoint point, long nanos) {
    }

    /** A tensor the request carried at a point of its way ({@link #QUEUE_INPUT}, {@link #BACKEND_OUTPUT}). */
    public record TracedTensor(String activity, Tensor tensor) {
    }

    /**
     * A root trace.
     *
     * @param ids        where this trace and its children take their ids from
     * @param timestamps record the TIMESTAMPS level
     * @param tensors    record the TENSORS level
     * @param finished   what receives the trace once ended (called on the ending thread; must not block)
     */
    public RequestTrace(AtomicLong ids, boolean timestamps, boolean tensors, Consumer<RequestTrace> finished) {
        this(ids.incrementAndGet(), null, ids, timestamps, tensors, finished);
    }

    private RequestTrace(long id, RequestTrace parent, AtomicLong ids, boolean timestamps, boolean tensors,
            Consumer<RequestTrace> finished) {
        this.id = id;
        this.parent = parent;
        this.ids = ids;
        this.timestamps = timestamps;
        this.tensors = tensors;
        this.finished = finished;
    }

    /** The trace of a request this one makes (an ensemble step): same levels and destination, this id as parent. */
    public RequestTrace child() {
        return new RequestTrace(ids.incrementAndGet(), this, ids, timestamps, tensors, finished);
    }

    /** Marks a point, when recording timestamps. */
    public synchronized void record(TracePoint point, long at) {
        if (timestamps) {
            nanos[point.ordinal()] = at;
            marked |= 1 << point.ordinal();
        }
    }

    /**
     * Marks a point a request may pass more than once (a response's sending, an execution of a
     * rescheduled request), when recording timestamps: every passing is kept.
     */
    public synchronized void add(TracePoint point, long at) {
        if (!timestamps) {
            return;
        }
        if ((marked & 1 << point.ordinal()) == 0) {
            record(point, at);
            return;
        }
        if (repeats == null) {
            repeats = new ArrayList<>();
        }
        repeats.add(new Timestamp(point, at));
    }

    /**
     * Sends one response of the request, marking {@code start} when the write begins and
     * {@code end} when it is done (once per response).
     */
    public <T> Future<T> sending(TracePoint start, TracePoint end, Supplier<Future<T>> write) {
        add(start, System.nanoTime());
        return write.get().andThen(sent -> add(end, System.nanoTime()));
    }

    /** Names the model (version) that ran the request and the client's request id. */
    public synchronized void model(String name, String version, String clientRequestId) {
        modelName = name;
        modelVersion = version;
        requestId = clientRequestId;
    }

    /** Keeps the tensors of an activity, when recording tensors (they are immutable: kept by reference). */
    public synchronized void tensors(String activity, List<Tensor> carried) {
        if (tensors) {
            if (tensorRecords == null) {
                tensorRecords = new ArrayList<>();
            }
            carried.forEach(tensor -> tensorRecords.add(new TracedTensor(activity, tensor)));
        }
    }

    /** Marks a request a scheduler answered, from the times it read anyway: received, queued, answered. */
    public void answered(long requestStart, long queueStart, long requestEnd) {
        record(TracePoint.REQUEST_START, requestStart);
        record(TracePoint.QUEUE_START, queueStart);
        record(TracePoint.REQUEST_END, requestEnd);
    }

    /**
     * Keeps the trace from its destination past its creator's end, until {@link #release}: for
     * whoever may still mark it then (a decoupled model's execution, which may return after the
     * request's final response was sent).
     */
    public void hold() {
        holders.incrementAndGet();
    }

    /** Lets go of a {@link #hold}; the trace goes to its destination once its creator ended it too. */
    public void release() {
        if (holders.decrementAndGet() == 0) {
            finished.accept(this);
        }
    }

    /** The creator is done with the trace: it goes to its destination unless held; only the first call counts. */
    public void end() {
        if (ended.compareAndSet(false, true)) {
            release();
        }
    }

    public long id() {
        return id;
    }

    /** The id of the trace whose request made this one; 0 for a client's request. */
    public long parentId() {
        return parent == null ? 0 : parent.id;
    }

    /** The trace whose request made this one; null for a client's request. */
    public RequestTrace parent() {
        return parent;
    }

    /**
     * Keeps the trace context the client sent with the request (a W3C {@code traceparent}), for a
     * destination that continues the client's trace.
     */
    public synchronized void remoteContext(String traceparent) {
        remoteContext = traceparent == null ? "" : traceparent;
    }

    /** The client's trace context ("" when it sent none). */
    public synchronized String remoteContext() {
        return remoteContext;
    }

    public synchronized String modelName() {
        return modelName;
    }

    public synchronized String modelVersion() {
        return modelVersion;
    }

    public synchronized String requestId() {
        return requestId;
    }

    /**
     * The points marked, in the order they were passed (at the same time, in {@link TracePoint}'s
     * order): a decoupled request's sends interleave with its executions as they happened.
     */
    public synchronized List<Timestamp> timestamps() {
        List<Timestamp> ordered = new ArrayList<>(Integer.bitCount(marked) + (repeats == null ? 0 : repeats.size()));
        for (TracePoint point : TracePoint.values()) {
            if ((marked & 1 << point.ordinal()) != 0) {
                ordered.add(new Timestamp(point, nanos[point.ordinal()]));
            }
        }
        if (repeats != null) {
            ordered.addAll(repeats);
        }
        ordered.sort(IN_TIME);
        return ordered;
    }

    public synchronized List<TracedTensor> tracedTensors() {
        return tensorRecords == null ? List.of() : List.copyOf(tensorRecords);
    }
}
