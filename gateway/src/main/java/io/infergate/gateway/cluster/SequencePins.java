package io.infergate.gateway.cluster;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.Status;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which worker holds each open sequence: its state lives there, so every request of a sequence
 * goes to the worker that took its start. When that worker leaves, the sequence's next request
 * fails; it never moves silently to another worker.
 */
final class SequencePins {
    private static final String LOST = "";
    private final Map<String, String> pins = new ConcurrentHashMap<>();

    /** The sequence's key, or null for a request outside any sequence. */
    static String key(InferenceRequest request) {
        Object id = request.parameters().get("sequence_id");
        if (id == null || "0".equals(id.toString()) || id.toString().isEmpty()) {
            return null;
        }
        return request.modelName() + "\u0000" + request.modelVersion() + "\u0000" + id;
    }

    static boolean starts(InferenceRequest request) {
        return Boolean.TRUE.equals(request.parameters().get("sequence_start"));
    }

    static boolean ends(InferenceRequest request) {
        return Boolean.TRUE.equals(request.parameters().get("sequence_end"));
    }

    /**
     * The worker pinned for a continuing sequence, or null when the request may go anywhere (a
     * start, or a sequence this node never saw). A sequence whose worker left fails once.
     */
    String pinned(String key, InferenceRequest request) {
        if (starts(request)) {
            pins.remove(key);
            return null;
        }
        String node = pins.get(key);
        if (LOST.equals(node)) {
            pins.remove(key);
            throw new InferenceException(Status.UNAVAILABLE, "sequence " + request.parameters().get("sequence_id")
                    + " of model '" + request.modelName() + "' ended: the worker holding its state left the cluster");
        }
        return node;
    }

    void pin(String key, String nodeId, InferenceRequest request) {
        if (ends(request)) {
            pins.remove(key);
        } else {
            pins.put(key, nodeId);
        }
    }

    /** Marks the worker's sequences as lost. */
    void workerLeft(String nodeId) {
        pins.replaceAll((key, node) -> node.equals(nodeId) ? LOST : node);
    }
}
