package io.infergate.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.trace.RequestTrace;
import io.infergate.engine.trace.TracePoint;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A trace's points across the event bus: placed on the gateway's clock, and malformed ones left out. */
class RemoteTraceTest {
    private static RequestTrace gatewayTrace() {
        RequestTrace trace = new RequestTrace(new AtomicLong(), true, false, ended -> { });
        trace.model("m", "", "r");
        return trace;
    }

    @Test
    void aWorkersPointsArePlacedBetweenTheGatewaysSendAndItsReceiptOfTheAnswer() {
        long sent = System.nanoTime();
        RequestTrace onWorker = RemoteTrace.onWorker();
        long received = System.nanoTime();
        onWorker.model("m", "3", "r");
        onWorker.record(TracePoint.REQUEST_START, received + 1_000);
        onWorker.record(TracePoint.REQUEST_END, received + 5_000);
        DeliveryOptions lastEvent = new DeliveryOptions();
        RemoteTrace.attach(onWorker, received, lastEvent);

        RequestTrace trace = gatewayTrace();
        RemoteTrace.merge(trace, sent, lastEvent.getHeaders());
        long answered = System.nanoTime();

        List<RequestTrace.Timestamp> points = trace.timestamps();
        assertEquals(List.of(TracePoint.REQUEST_START, TracePoint.REQUEST_END),
                points.stream().map(RequestTrace.Timestamp::point).toList());
        assertEquals(4_000, points.get(1).nanos() - points.get(0).nanos(), "the worker's durations are kept");
        assertTrue(points.get(0).nanos() >= sent && points.get(1).nanos() <= answered + 5_000, points.toString());
        assertEquals("3", trace.modelVersion(), "the version the worker ran");
    }

    @Test
    void malformedWorkerPointsAreLeftOutAndNothingThrows() {
        for (String malformed : List.of("not json", "[]", "{\"points\": 5}", "{\"points\": [[\"NOPE\", 1]]}",
                "{\"points\": [[\"REQUEST_START\"]]}", "{\"held\": \"long\", \"points\": []}",
                "{\"points\": [[\"REQUEST_START\", \"soon\"]]}")) {
            RequestTrace trace = gatewayTrace();
            RemoteTrace.merge(trace, System.nanoTime(),
                    MultiMap.caseInsensitiveMultiMap().add(RemoteTrace.HEADER, malformed));
            assertEquals(List.of(), trace.timestamps(), malformed);
            assertEquals("", trace.modelVersion(), malformed);
        }
    }
}
