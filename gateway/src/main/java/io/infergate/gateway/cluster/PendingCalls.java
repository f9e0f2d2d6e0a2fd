package io.infergate.gateway.cluster;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.api.Status;
import io.infergate.engine.trace.RequestTrace;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calls this node has sent to workers and not yet seen end, and how many each worker holds
 * (the routing's measure of load). Frontends on every event loop add calls: thread-safe.
 */
final class PendingCalls {
    /**
     * One call: where it went, where its answers go, and how to send it elsewhere should it turn
     * out never to have been delivered.
     *
     * @param id        unique on this node
     * @param nodeId    the worker it went to
     * @param sink      where its answers go
     * @param elsewhere sends the request to another worker (or fails it when there is none)
     * @param stateless  whether running it twice is harmless: not part of a sequence, whose state
     *                   lives on the worker
     * @param trace      the request's trace, null when it is not traced
     * @param sentNanos  when it was sent, read only for a traced request (the worker's points are placed by it)
     */
    record Call(String id, String nodeId, ResponseSink sink, Runnable elsewhere, boolean stateless,
            RequestTrace trace, long sentNanos) {
    }

    private final AtomicLong nextId = new AtomicLong();
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perNode = new ConcurrentHashMap<>();
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final Set<String> streamed = ConcurrentHashMap.newKeySet();

    /** A call about to be sent; {@code trace} is the request's, null when it is not traced. */
    Call open(String nodeId, ResponseSink sink, Runnable elsewhere, boolean stateless, RequestTrace trace) {
        Call call = new Call(Long.toString(nextId.incrementAndGet()), nodeId, sink, elsewhere, stateless, trace,
                trace == null ? 0 : System.nanoTime());
        calls.put(call.id(), call);
        perNode.computeIfAbsent(nodeId, n -> new AtomicInteger()).incrementAndGet();
        return call;
    }

    Call get(String id) {
        return calls.get(id);
    }

    /** The worker acknowledged the call: from now on it is never sent elsewhere. */
    void delivered(Call call) {
        if (calls.containsKey(call.id())) {
            delivered.add(call.id());
        }
    }

    /** The call passed a response on before its last: the client has seen part of its answer. */
    void streamed(Call call) {
        if (calls.containsKey(call.id())) {
            streamed.add(call.id());
        }
    }

    /** Ends a call; false when it had already ended (a late event after a failure). */
    boolean close(Call call) {
        if (calls.remove(call.id()) == null) {
            return false;
        }
        delivered.remove(call.id());
        streamed.remove(call.id());
        perNode.get(call.nodeId()).decrementAndGet();
        return true;
    }

    /** Requests this node has pending on the worker. */
    int pendingOn(String nodeId) {
        AtomicInteger count = perNode.get(nodeId);
        return count == null ? 0 : count.get();
    }

    /**
     * Ends every call the worker held: it left the cluster, their answers will never come. A call
     * goes elsewhere when it was never delivered (the worker withdrew before leaving, an orderly
     * stop, and took no request after that), or when running it again is harmless and the client
     * has seen none of its answer yet: a stateless request the worker may have run, but whose
     * answer died with it. The others fail: a sequence's request (its state died with the worker)
     * and a stream that had sent responses.
     */
    void workerLeft(String nodeId, boolean withdrewFirst) {
        List<Call> lost = calls.values().stream().filter(call -> call.nodeId().equals(nodeId)).toList();
        for (Call call : lost) {
            boolean wasDelivered = delivered.contains(call.id());
            boolean answeredInPart = streamed.contains(call.id());
            if (!close(call)) {
                continue;
            }
            if (withdrewFirst && !wasDelivered || call.stateless() && !answeredInPart) {
                call.elsewhere().run();
            } else {
                call.sink().fail(new InferenceException(Status.UNAVAILABLE, "the worker running this request ("
                        + nodeId + ") left the cluster before answering"));
            }
        }
        perNode.remove(nodeId);
    }
}
