package io.infergate.gateway.cluster;

import io.infergate.engine.trace.RequestTrace;
import io.infergate.engine.trace.TracePoint;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A traced request's trace across the event bus: the gateway marks the request it sends as
 * traced (a header), the worker traces it while it runs there and sends the points it passed
 * back with the call's last event, and the gateway adds them to the request's own trace. The two
 * nodes' {@link System#nanoTime()} clocks are unrelated, so the worker sends its points relative
 * to its receipt of the request, with how long it held the call; the gateway places them by its
 * own send and receive times, taking the way there as half the time the worker did not account
 * for (as NTP does). Only timestamps cross; what a worker's ensemble steps record stays there.
 */
final class RemoteTrace {
    /** Header on a request ("1": traced), and on a call's last event (the worker's points, JSON). */
    static final String HEADER = "trace";
    private static final String HELD = "held";
    private static final String VERSION = "version";
    private static final String POINTS = "points";

    /** Where the worker's traces take their (unused) ids from; the gateway's trace has the id. */
    private static final AtomicLong WORKER_IDS = new AtomicLong();

    private RemoteTrace() {
    }

    /** Gateway: marks a traced request's delivery (an untraced one's is left as it is). */
    static void markTraced(RequestTrace trace, DeliveryOptions delivery) {
        if (trace != null) {
            delivery.addHeader(HEADER, "1");
        }
    }

    /** Worker: whether the gateway traces the request these headers came with. */
    static boolean traced(MultiMap headers) {
        return headers.contains(HEADER);
    }

    /** Worker: the trace a request from a traced gateway runs under here. */
    static RequestTrace onWorker() {
        return new RequestTrace(WORKER_IDS, true, false, ended -> { });
    }

    /**
     * Worker: adds the points {@code trace} passed, relative to {@code receivedNanos}, to the
     * call's last event.
     */
    static void attach(RequestTrace trace, long receivedNanos, DeliveryOptions event) {
        JsonArray points = new JsonArray();
        for (RequestTrace.Timestamp timestamp : trace.timestamps()) {
            points.add(new JsonArray().add(timestamp.point().name()).add(timestamp.nanos() - receivedNanos));
        }
        event.addHeader(HEADER, new JsonObject().put(HELD, System.nanoTime() - receivedNanos)
                .put(VERSION, trace.modelVersion()).put(POINTS, points).encode());
    }

    /**
     * Gateway: adds the worker's points of a call's last event to the request's trace, placed on
     * this node's clock. Points that do not parse are left out: they come from another node.
     *
     * @param sentNanos when this node sent the request
     */
    static void merge(RequestTrace trace, long sentNanos, MultiMap eventHeaders) {
        String carried = eventHeaders.get(HEADER);
        if (trace == null || carried == null) {
            return;
        }
        long now = System.nanoTime();
        try {
            JsonObject worker = new JsonObject(carried);
            long held = worker.getLong(HELD, 0L);
            long arrived = sentNanos + Math.max(0, (now - sentNanos - held) / 2);
            for (Object entry : worker.getJsonArray(POINTS, new JsonArray())) {
                JsonArray point = (JsonArray) entry;
                trace.add(TracePoint.valueOf(point.getString(0)), arrived + point.getLong(1));
            }
            String version = worker.getString(VERSION, "");
            if (!version.isEmpty()) {
                trace.model(trace.modelName(), version, trace.requestId());
            }
        } catch (RuntimeException malformed) {
            // whatever a malformed header makes the JSON accessors throw: the points are left out, the
            // request itself is answered
        }
    }
}
