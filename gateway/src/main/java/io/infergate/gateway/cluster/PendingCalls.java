package io.infergate.gateway.cluster;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.api.Status;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calls this node has sent to workers and not yet seen end, and how many each worker holds
 * (the routing's measure of load). Frontends on every event loop add calls: thread-safe.
 */
final class PendingCalls {
    /** One call: where it went and where its answers go. */
    record Call(String id, String nodeId, ResponseSink sink) {
    }

    private final AtomicLong nextId = new AtomicLong();
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perNode = new ConcurrentHashMap<>();

    Call open(String nodeId, ResponseSink sink) {
        Call call = new Call(Long.toString(nextId.incrementAndGet()), nodeId, sink);
        calls.put(call.id(), call);
        perNode.computeIfAbsent(nodeId, n -> new AtomicInteger()).incrementAndGet();
        return call;
    }

    Call get(String id) {
        return calls.get(id);
    }

    /** Ends a call; false when it had already ended (a late event after a failure). */
    boolean close(Call call) {
        if (calls.remove(call.id()) == null) {
            return false;
        }
        perNode.get(call.nodeId()).decrementAndGet();
        return true;
    }

    /** Requests this node has pending on the worker. */
    int pendingOn(String nodeId) {
        AtomicInteger count = perNode.get(nodeId);
        return count == null ? 0 : count.get();
    }

    /** Fails every call the worker held: it left the cluster, their answers will never come. */
    void failAll(String nodeId) {
        List<Call> lost = calls.values().stream().filter(call -> call.nodeId().equals(nodeId)).toList();
        for (Call call : lost) {
            if (close(call)) {
                call.sink().fail(new InferenceException(Status.UNAVAILABLE, "the worker running this request ("
                        + nodeId + ") left the cluster before answering"));
            }
        }
        perNode.remove(nodeId);
    }
}
