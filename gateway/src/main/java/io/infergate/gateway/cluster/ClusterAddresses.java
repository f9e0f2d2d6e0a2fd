package io.infergate.gateway.cluster;

/** Event-bus addresses and shared-data names of the cluster protocol. Each node has its own addresses. */
final class ClusterAddresses {
    /** Where workers publish their {@link NodeState} whenever it changes. */
    static final String STATE_TOPIC = "infergate.cluster.state";
    /** Cluster-wide map: node id to its latest {@link NodeState}, for nodes that join later. */
    static final String STATE_MAP = "infergate.cluster.nodes";
    /** Header naming the call a request, cancel or event belongs to. */
    static final String CALL = "call";
    /** Header naming the address that receives a call's events. */
    static final String REPLY_TO = "reply-to";
    /** Header naming what an event is: see {@link CallEvent}. */
    static final String EVENT = "event";
    /** Header carrying a failure's status code ({@code Status.code()}). */
    static final String STATUS = "status";
    /**
     * The failure code of a worker that did not take a request because the model is not ready
     * there (its view in the gateway was older than an unload or a failed load): the gateway
     * sends the request to another worker.
     */
    static final int NOT_SERVING_HERE = -2;

    private ClusterAddresses() {
    }

    /** A worker's inference requests. */
    static String infer(String nodeId) {
        return "infergate.node." + nodeId + ".infer";
    }

    /** A worker's cancellations of calls it runs. */
    static String cancel(String nodeId) {
        return "infergate.node." + nodeId + ".cancel";
    }

    /** A worker's model load and unload requests. */
    static String control(String nodeId) {
        return "infergate.node." + nodeId + ".control";
    }

    /** Responses, completions and failures of the calls a node made. */
    static String events(String nodeId) {
        return "infergate.node." + nodeId + ".events";
    }
}
