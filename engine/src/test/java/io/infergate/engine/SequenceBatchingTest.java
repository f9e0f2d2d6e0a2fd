package io.infergate.engine;

import static io.infergate.engine.EngineHarness.failure;
import static io.infergate.testsupport.Await.await;
import static io.infergate.testsupport.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.Status;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sequence batcher with the built-in sequence and dyna_sequence backends. */
class SequenceBatchingTest {
    private static final String CONTROLS = """
              control_input [
                { name: "START" control [ { kind: CONTROL_SEQUENCE_START int32_false_true: [ 0, 1 ] } ] },
                { name: "END" control [ { kind: CONTROL_SEQUENCE_END int32_false_true: [ 0, 1 ] } ] },
                { name: "READY" control [ { kind: CONTROL_SEQUENCE_READY int32_false_true: [ 0, 1 ] } ] },
                { name: "CORRID" control [ { kind: CONTROL_SEQUENCE_CORRID data_type: %s } ] }
              ]
            """;
    private static final String IO = """
            input [ { name: "INPUT" data_type: TYPE_INT32 dims: [ 1 ] } ]
            output [ { name: "OUTPUT" data_type: TYPE_INT32 dims: [ 1 ] } ]
            instance_group [ { count: %d kind: KIND_CPU } ]
            """;

    @TempDir
    Path dir;
    private EngineHarness harness;

    /** A dyna_sequence model (the sum of a sequence's inputs, plus its id at its end) with these settings. */
    static String dyna(String corridType, String strategy, long idleMicros, int instances) {
        return "backend: \"dyna_sequence\"\nmax_batch_size: 8\nsequence_batching {\n  max_sequence_idle_microseconds: "
                + idleMicros + "\n  " + strategy + "\n" + CONTROLS.formatted(corridType) + "}\n" + IO.formatted(instances);
    }

    @BeforeEach
    void setUp() throws Exception {
        new TestRepository(dir)
                .model("dyna", dyna("TYPE_UINT64", "oldest { max_candidate_sequences: 64 max_queue_delay_microseconds: 2000 }",
                        10_000_000, 2), 1)
                .model("dyna_string", dyna("TYPE_STRING", "oldest { max_queue_delay_microseconds: 0 }", 10_000_000, 1), 1)
                .model("dyna_idle", dyna("TYPE_UINT64", "direct { }", 150_000, 1), 1)
                .model("dyna_slow", dyna("TYPE_UINT64", "oldest { }", 10_000_000, 1)
                        + "parameters { key: \"execute_delay_ms\" value: { string_value: \"1000\" } }\n", 1)
                .model("square_sequence", """
                        backend: "square"
                        max_batch_size: 0
                        model_transaction_policy { decoupled: true }
                        sequence_batching {
                          oldest { max_candidate_sequences: 4 }
                          control_input [
                            { name: "START" control [ { kind: CONTROL_SEQUENCE_START int32_false_true: [ 0, 1 ] } ] }
                          ]
                        }
                        input [ { name: "IN" data_type: TYPE_INT32 dims: [ 1 ] } ]
                        output [ { name: "OUT" data_type: TYPE_INT32 dims: [ 1 ] } ]
                        """, 1)
                .model("slots", """
                        backend: "sequence"
                        max_batch_size: 2
                        sequence_batching {
                          direct { }
                          control_input [
                            { name: "START" control [ { kind: CONTROL_SEQUENCE_START int32_false_true: [ 0, 1 ] } ] },
                            { name: "READY" control [ { kind: CONTROL_SEQUENCE_READY int32_false_true: [ 0, 1 ] } ] }
                          ]
                        }
                        """ + IO.formatted(1), 1);
        harness = new EngineHarness(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    static InferenceRequest step(String model, Object id, boolean start, boolean end, int value) {
        Map<String, Object> parameters = new HashMap<>();
        if (id != null) {
            parameters.put("sequence_id", id);
        }
        if (start) {
            parameters.put("sequence_start", true);
        }
        if (end) {
            parameters.put("sequence_end", true);
        }
        ByteBuffer data = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).flip();
        return new InferenceRequest("", model, "", List.of(new Tensor("INPUT", DataType.INT32, new long[] {1, 1}, data)),
                List.of(), parameters);
    }

    private static int output(InferenceResponse response) {
        return response.outputs().getFirst().bytes().getInt(0);
    }

    private int run(String model, Object id, boolean start, boolean end, int value) throws Exception {
        return output(await(harness.engine.infer(step(model, id, start, end, value))));
    }

    @Test
    void dynaSequenceAccumulatesPerCorrelationIdAndAddsTheIdAtEnd() throws Exception {
        assertEquals(5, run("dyna", 1000L, true, false, 5));
        assertEquals(7, run("dyna", 2000L, true, false, 7));
        assertEquals(8, run("dyna", 1000L, false, false, 3));
        assertEquals(9, run("dyna", 2000L, false, false, 2));
        assertEquals(8 + 1 + 1000, run("dyna", 1000L, false, true, 1));
        assertEquals(9 + 2000, run("dyna", 2000L, false, true, 0));
    }

    @Test
    void sixtyFourConcurrentSequencesStayIndependentAndInOrder() throws Exception {
        List<Future<InferenceResponse>> last = new ArrayList<>();
        for (int id = 1; id <= 64; id++) {
            for (int i = 0; i < 5; i++) {
                Future<InferenceResponse> answer = harness.engine.infer(step("dyna", (long) id, i == 0, i == 4, id));
                if (i == 4) {
                    last.add(answer);
                }
            }
        }
        for (int id = 1; id <= 64; id++) {
            assertEquals(5 * id + id, output(await(last.get(id - 1))), "sequence " + id);
        }
        assertTrue(harness.statistics("dyna").executionCount() < 64 * 5, "oldest batches requests of several sequences");
    }

    @Test
    void stringCorrelationIdsReachTheModel() throws Exception {
        assertEquals(4, run("dyna_string", "42", true, false, 4));
        assertEquals(4 + 6 + 42, run("dyna_string", "42", false, true, 6));
    }

    @Test
    void directSlotsKeepAnAccumulatorEach() throws Exception {
        assertEquals(10, run("slots", "a", true, false, 10));
        assertEquals(100, run("slots", "b", true, false, 100));
        assertEquals(11, run("slots", "a", false, false, 1));
        assertEquals(102, run("slots", "b", false, true, 2));
        assertEquals(14, run("slots", "a", false, true, 3));
    }

    @Test
    void aRequestWithoutSequenceIdIsRefused() throws Exception {
        InferenceException e = failure(harness.engine.infer(step("dyna", null, true, false, 1)));
        assertEquals(Status.INVALID_ARG, e.status());
        assertEquals("inference request to model 'dyna' must specify a non-zero or non-empty correlation ID",
                e.getMessage());
    }

    @Test
    void aBatchOfTwoIsRefusedInTritonsWords() throws Exception {
        ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(2).flip();
        InferenceRequest two = new InferenceRequest("", "dyna", "", List.of(new Tensor("INPUT", DataType.INT32,
                new long[] {2, 1}, data)), List.of(), Map.of("sequence_id", 3L, "sequence_start", true));
        InferenceException e = failure(harness.engine.infer(two));
        assertEquals(Status.INVALID_ARG, e.status());
        assertEquals("inference request to model 'dyna' must specify batch-size 1 due to requirements of sequence"
                + " batcher", e.getMessage());
    }

    @Test
    void aSequenceIdOfTheWrongTypeIsRefused() throws Exception {
        InferenceException text = failure(harness.engine.infer(step("dyna", "abc", true, false, 1)));
        assertEquals(Status.INVALID_ARG, text.status());
        assertTrue(text.getMessage().contains("integer correlation ids"), text.getMessage());
        InferenceException bool = failure(harness.engine.infer(step("dyna", true, true, false, 1)));
        assertTrue(bool.getMessage().contains("'sequence_id' must be an unsigned 64-bit integer or a string"),
                bool.getMessage());
        InferenceException negative = failure(harness.engine.infer(step("dyna", -3L, true, false, 1)));
        assertEquals(Status.INVALID_ARG, negative.status());
    }

    @Test
    void endWithoutStartIsRefused() throws Exception {
        InferenceException e = failure(harness.engine.infer(step("dyna", 77L, false, true, 1)));
        assertEquals(Status.INVALID_ARG, e.status());
        assertEquals("inference request for sequence 77 to model 'dyna' must specify the START flag on the first"
                + " request of the sequence (a sequence ends with sequence_end or after 10000000 microseconds idle)",
                e.getMessage());
    }

    @Test
    void aSecondStartForALiveSequenceIsRefused() throws Exception {
        run("dyna", 5L, true, false, 1);
        InferenceException e = failure(harness.engine.infer(step("dyna", 5L, true, false, 1)));
        assertTrue(e.getMessage().contains("already active"), e.getMessage());
        assertEquals(1 + 2 + 5, run("dyna", 5L, false, true, 2), "the live sequence is untouched");
    }

    @Test
    void requestsAfterIdleExpiryAreRefused() throws Exception {
        run("dyna_idle", 9L, true, false, 1);
        run("dyna_idle", 10L, true, false, 1);
        // a refused START leaves a live sequence untouched, so retrying it observes 10's expiry;
        // 9 went idle first, so it expired no later than 10
        eventually("sequence 10 expired", () -> !startRefused(10L));
        InferenceException e = failure(harness.engine.infer(step("dyna_idle", 9L, false, false, 1)));
        assertEquals(Status.INVALID_ARG, e.status());
        assertTrue(e.getMessage().contains("must specify the START flag"), e.getMessage());
        assertEquals(3, run("dyna_idle", 9L, true, false, 3), "the expired id may start again");
    }

    private boolean startRefused(long id) throws Exception {
        Future<InferenceResponse> answer = harness.engine.infer(step("dyna_idle", id, true, false, 1));
        await(answer.transform(done -> Future.succeededFuture()));
        return answer.failed();
    }

    @Test
    void aSequenceRequestWhoseTimeoutPassesLeavesAndTheSequenceGoesOn() throws Exception {
        Future<InferenceResponse> first = harness.engine.infer(step("dyna_slow", 3L, true, false, 1));
        InferenceRequest second = step("dyna_slow", 3L, false, false, 10);
        Map<String, Object> withTimeout = new HashMap<>(second.parameters());
        withTimeout.put("timeout", 50_000L);
        Future<InferenceResponse> late = harness.engine.infer(new InferenceRequest("", "dyna_slow", "", second.inputs(),
                List.of(), withTimeout));
        Future<InferenceResponse> last = harness.engine.infer(step("dyna_slow", 3L, false, true, 100));
        InferenceException e = failure(late);
        assertEquals(Status.UNAVAILABLE, e.status());
        assertTrue(e.getMessage().contains("timeout"), e.getMessage());
        assertEquals(1, output(await(first)));
        assertEquals(1 + 100 + 3, output(await(last)), "the timed-out request never ran");
    }

    @Test
    void aDecoupledSequenceModelStreamsTheResponsesOfEachRequest() throws Exception {
        int[] counts = {2, 3, 1};
        List<InferenceRequest> requests = new ArrayList<>();
        List<CollectingSink> sinks = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            ByteBuffer n = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, counts[i]);
            requests.add(new InferenceRequest("", "square_sequence", "",
                    List.of(new Tensor("IN", DataType.INT32, new long[] {1}, n)), List.of(),
                    step("square_sequence", 12L, i == 0, i == counts.length - 1, 0).parameters()));
            sinks.add(new CollectingSink());
        }
        // sent together, from one context: the sequence's requests queue up and run in order
        harness.vertx.runOnContext(v -> {
            for (int i = 0; i < counts.length; i++) {
                harness.engine.inferStream(requests.get(i), sinks.get(i));
            }
        });
        for (int i = 0; i < counts.length; i++) {
            List<InferenceResponse> responses = await(sinks.get(i).done.future());
            assertEquals(counts[i], responses.size(), "request " + i);
            for (InferenceResponse response : responses) {
                assertEquals(counts[i], output(response));
            }
        }
        InferenceException e = failure(harness.engine.infer(step("square_sequence", 12L, true, false, 1)));
        assertTrue(e.getMessage().contains("decoupled"), e.getMessage());
    }

    @Test
    void anExpiredSequenceFreesItsSlot() throws Exception {
        // dyna_idle has one instance with 8 slots: 9 sequences only all run when idle ones are released
        for (long id = 1; id <= 8; id++) {
            run("dyna_idle", id, true, false, 1);
        }
        Future<InferenceResponse> ninth = harness.engine.infer(step("dyna_idle", 9L, true, false, 4));
        assertEquals(4, output(await(ninth)));
    }
}
