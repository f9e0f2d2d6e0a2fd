package io.infergate.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ResponseSink;
import io.infergate.engine.api.Status;
import io.infergate.gateway.cluster.PendingCalls.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PendingCallsTest {
    private final PendingCalls calls = new PendingCalls();
    private final AtomicInteger sentElsewhere = new AtomicInteger();
    private final List<InferenceException> failures = new ArrayList<>();
    private final ResponseSink sink = new ResponseSink() {
        @Override
        public void response(InferenceResponse response) {
        }

        @Override
        public void complete() {
        }

        @Override
        public void fail(InferenceException error) {
            failures.add(error);
        }
    };

    private Call open(String nodeId, boolean stateless) {
        return calls.open(nodeId, sink, sentElsewhere::incrementAndGet, stateless, null);
    }

    @Test
    void statelessCallAWorkerTookGoesElsewhereWhenItCrashes() {
        calls.delivered(open("a", true));

        calls.workerLeft("a", false);

        assertEquals(1, sentElsewhere.get());
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void sequenceCallAWorkerTookFailsNamingTheWorkerWhenItCrashes() {
        calls.delivered(open("a", false));

        calls.workerLeft("a", false);

        assertEquals(0, sentElsewhere.get());
        assertEquals(Status.UNAVAILABLE, failures.getFirst().status());
        assertTrue(failures.getFirst().getMessage().contains("(a) left the cluster"), failures.toString());
    }

    @Test
    void sequenceCallNeverDeliveredGoesElsewhereWhenItsWorkerWithdrewFirst() {
        open("a", false);

        calls.workerLeft("a", true);

        assertEquals(1, sentElsewhere.get());
    }

    @Test
    void streamThatSentAResponseFailsWhenItsWorkerCrashes() {
        Call call = open("a", true);
        calls.delivered(call);
        calls.streamed(call);

        calls.workerLeft("a", false);

        assertEquals(0, sentElsewhere.get());
        assertEquals(1, failures.size());
    }

    @Test
    void callAnsweredBeforeTheLossIsNeitherRetriedNorFailed() {
        Call call = open("a", true);
        assertTrue(calls.close(call));

        calls.workerLeft("a", false);

        assertEquals(0, sentElsewhere.get());
        assertTrue(failures.isEmpty());
        assertFalse(calls.close(call), "a late answer after the end finds the call closed");
    }

    @Test
    void callsOnOtherWorkersStayPending() {
        open("b", true);

        calls.workerLeft("a", false);

        assertEquals(1, calls.pendingOn("b"));
        assertEquals(0, sentElsewhere.get());
    }
}
