package io.infergate.engine.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.config.ModelConfigParser;
import io.infergate.engine.model.PreparedRequest;
import io.infergate.engine.scheduler.BatchFormer.Decision;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dynamic batcher's decisions on a queue built in memory, with the clock passed in: which
 * requests run together next, or until when to wait. The tensors carry no data; the former reads
 * only names, datatypes and shapes.
 */
class BatchFormerTest {
    private static final long MS = 1_000_000L;

    private static SchedulingPolicy policy(String config) throws Exception {
        return new SchedulingPolicy(ModelConfigParser.parseText(config, "m"));
    }

    /** A model with one FP32 input {@code IN} of any length, batching as {@code batching} says. */
    private static String model(String batching, String inputOptions) {
        return """
                name: "m"
                backend: "identity"
                input { name: "IN" data_type: TYPE_FP32 dims: [ -1 ] %s }
                %s
                """.formatted(inputOptions, batching);
    }

    private static String model(String batching) {
        return model(batching, "");
    }

    /** A request of {@code batch} rows of {@code width} FP32 values each. */
    private static PendingRequest request(int batch, int width) {
        return request(new Tensor("IN", DataType.FP32, new long[] {batch, width}, ByteBuffer.allocate(0)), batch);
    }

    private static PendingRequest request(Tensor input, int batch) {
        return new PendingRequest(new PreparedRequest(null, List.of(input), Set.of(), batch, 0, 0, 0, null, null), 0);
    }

    /** A version's queue with the batcher of its configuration. */
    private static final class Queue {
        final RequestQueue queue;
        final BatchFormer former;
        final List<PendingRequest> requests = new ArrayList<>();

        Queue(String config) throws Exception {
            queue = new RequestQueue(policy(config));
            former = new BatchFormer(policy(config));
        }

        Queue add(PendingRequest request) {
            queue.offer(request);
            requests.add(request);
            return this;
        }

        Queue add(int count, int batch, int width) {
            for (int i = 0; i < count; i++) {
                add(request(batch, width));
            }
            return this;
        }

        /** The first {@code n} requests, in queue order. */
        List<PendingRequest> first(int n) {
            return requests.subList(0, n);
        }

        /** When the oldest request arrived. */
        long start() {
            return requests.getFirst().enqueuedNanos;
        }

        /** What the batcher decides {@code nanos} after the oldest request arrived. */
        Decision after(long nanos) {
            return former.next(queue, start() + nanos);
        }
    }

    private static void assertWaitsUntil(long nanos, Decision decision) {
        assertTrue(decision.isWait());
        assertEquals(nanos, decision.waitUntilNanos());
    }

    private static final String BATCHING = model("max_batch_size: 8 dynamic_batching { }");
    private static final String DELAY_10_MS = model(
            "max_batch_size: 8 dynamic_batching { max_queue_delay_microseconds: 10000 }");
    private static final String PREFERRED_2_4 = model(
            "max_batch_size: 8 dynamic_batching { preferred_batch_size: [ 2, 4 ] max_queue_delay_microseconds: 10000 }");

    @Test
    void anEmptyQueueGivesNothingToDo() throws Exception {
        Queue queue = new Queue(BATCHING);

        Decision decision = queue.former.next(queue.queue, System.nanoTime());

        assertFalse(decision.isBatch());
        assertFalse(decision.isWait());
    }

    @Test
    void withoutDynamicBatchingTheFirstRequestRunsAlone() throws Exception {
        String config = model("max_batch_size: 8");
        Queue queue = new Queue(config).add(3, 1, 4);

        assertEquals(queue.first(1), queue.after(0).requests());
    }

    @Test
    void withNoQueueDelayEverythingQueuedRunsAtOnce() throws Exception {
        Queue queue = new Queue(BATCHING).add(3, 1, 4);

        assertEquals(queue.first(3), queue.after(0).requests());
    }

    @Test
    void requestsJoinUntilTheBatchIsFullAndTheRestWait() throws Exception {
        Queue queue = new Queue(DELAY_10_MS).add(3, 3, 4);

        // 3 + 3 rows; a third request would make 9 > max_batch_size 8
        assertEquals(queue.first(2), queue.after(0).requests());
    }

    @Test
    void aBatchOfExactlyMaxBatchSizeRunsWithoutWaiting() throws Exception {
        Queue queue = new Queue(DELAY_10_MS).add(2, 4, 4);

        assertEquals(queue.first(2), queue.after(0).requests());
    }

    @Test
    void aBatchBelowMaxBatchSizeWaitsUntilItsOldestRequestHasWaitedTheQueueDelay() throws Exception {
        Queue queue = new Queue(DELAY_10_MS).add(2, 1, 4);

        assertWaitsUntil(queue.start() + 10 * MS, queue.after(MS));
    }

    @Test
    void aBatchBelowMaxBatchSizeRunsWithWhatItHasOnceTheQueueDelayPassed() throws Exception {
        Queue queue = new Queue(DELAY_10_MS).add(2, 1, 4);

        assertEquals(queue.first(2), queue.after(10 * MS).requests());
    }

    @Test
    void aRequestOfAnotherShapeClosesTheBatchBeforeIt() throws Exception {
        Queue queue = new Queue(DELAY_10_MS).add(2, 1, 4).add(request(1, 5));

        assertEquals(queue.first(2), queue.after(0).requests());
    }

    @Test
    void aRequestOfAnotherDatatypeClosesTheBatchBeforeIt() throws Exception {
        Queue queue = new Queue(DELAY_10_MS).add(1, 1, 4)
                .add(request(new Tensor("IN", DataType.INT32, new long[] {1, 4}, ByteBuffer.allocate(0)), 1));

        assertEquals(queue.first(1), queue.after(0).requests());
    }

    @Test
    void aRaggedInputLetsRequestsOfOtherShapesJoin() throws Exception {
        String config = model("max_batch_size: 8 dynamic_batching { max_queue_delay_microseconds: 10000 }",
                "allow_ragged_batch: true");
        Queue queue = new Queue(config).add(request(1, 4)).add(request(1, 5)).add(request(1, 6));

        assertEquals(queue.first(3), queue.after(10 * MS).requests());
    }

    @Test
    void theLargestPreferredSizeRunsAsSoonAsTheQueueHoldsIt() throws Exception {
        Queue queue = new Queue(PREFERRED_2_4).add(5, 1, 4);

        assertEquals(queue.first(4), queue.after(0).requests());
    }

    @Test
    void aSmallerPreferredSizeWaitsForTheQueueDelay() throws Exception {
        Queue queue = new Queue(PREFERRED_2_4).add(3, 1, 4);

        assertWaitsUntil(queue.start() + 10 * MS, queue.after(MS));
    }

    @Test
    void onceTheQueueDelayPassedTheBatchRunsWithWhatItHasNotJustAPreferredSize() throws Exception {
        Queue queue = new Queue(PREFERRED_2_4).add(3, 1, 4);

        assertEquals(queue.first(3), queue.after(10 * MS).requests());
    }

    @Test
    void aBatchClosedByAnotherShapeRunsAtThePreferredSizeItReached() throws Exception {
        Queue queue = new Queue(PREFERRED_2_4).add(3, 1, 4).add(request(1, 5));

        assertEquals(queue.first(2), queue.after(0).requests());
    }

    @Test
    void withNoQueueDelayAPreferredSizeRunsAtOnce() throws Exception {
        String config = model("max_batch_size: 8 dynamic_batching { preferred_batch_size: [ 2, 4 ] }");
        Queue queue = new Queue(config).add(3, 1, 4);

        assertEquals(queue.first(2), queue.after(0).requests());
    }
}
