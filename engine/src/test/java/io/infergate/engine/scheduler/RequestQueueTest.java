package io.infergate.engine.scheduler;

import static io.infergate.engine.scheduler.SchedulingPolicyTest.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Serving order and bounds of a version's queues; the requests carry no tensors, the queue never reads them. */
class RequestQueueTest {

    private static RequestQueue twoLevels(int maxQueueSize) throws Exception {
        return new RequestQueue(policy("priority_levels: 2 default_priority_level: 2 default_queue_policy { max_queue_size: "
                + maxQueueSize + " }"));
    }

    private static PendingRequest at(int queueIndex) {
        return new PendingRequest(null, queueIndex);
    }

    @Test
    void theHigherLevelIsServedFirstAndEachLevelInArrivalOrder() throws Exception {
        RequestQueue queue = twoLevels(0);
        PendingRequest low = at(1);
        PendingRequest high1 = at(0);
        PendingRequest high2 = at(0);
        queue.offer(low);
        queue.offer(high1);
        queue.offer(high2);
        assertSame(high1, queue.poll());
        assertSame(high2, queue.poll());
        assertSame(low, queue.poll());
        assertTrue(queue.isEmpty());
    }

    @Test
    void aFullLevelRefusesTheRequestAndLeavesTheOtherLevelOpen() throws Exception {
        RequestQueue queue = twoLevels(1);
        assertTrue(queue.offer(at(0)));
        assertFalse(queue.offer(at(0)));
        assertTrue(queue.offer(at(1)));
        assertEquals(2, queue.size());
    }

    @Test
    void aDelayedRequestWaitsBehindEveryOtherLevel() throws Exception {
        RequestQueue queue = twoLevels(0);
        PendingRequest expired = at(0);
        PendingRequest low = at(1);
        queue.offer(expired);
        queue.offer(low);
        queue.delay(expired);
        assertSame(low, queue.poll());
        assertSame(expired, queue.poll());
    }

    @Test
    void iterationFollowsServingOrder() throws Exception {
        RequestQueue queue = twoLevels(0);
        PendingRequest expired = at(0);
        PendingRequest low = at(1);
        PendingRequest high = at(0);
        queue.offer(expired);
        queue.offer(low);
        queue.offer(high);
        queue.delay(expired);
        List<PendingRequest> order = new ArrayList<>();
        queue.forEach(order::add);
        assertEquals(List.of(high, low, expired), order);
    }

    @Test
    void removeWithdrawsAQueuedOrDelayedRequest() throws Exception {
        RequestQueue queue = twoLevels(0);
        PendingRequest queued = at(1);
        PendingRequest delayed = at(0);
        queue.offer(queued);
        queue.offer(delayed);
        queue.delay(delayed);
        assertTrue(queue.remove(queued));
        assertTrue(queue.remove(delayed));
        assertFalse(queue.remove(delayed));
        assertTrue(queue.isEmpty());
    }
}
