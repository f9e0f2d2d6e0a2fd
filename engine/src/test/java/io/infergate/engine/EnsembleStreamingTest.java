package io.infergate.engine;

import static io.infergate.engine.DecoupledModelsTest.REPEAT;
import static io.infergate.engine.DecoupledModelsTest.int32;
import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.tensor.DataType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ensembles with decoupled steps: each response streams through the steps after it. */
class EnsembleStreamingTest {
    @TempDir
    Path dir;

    /** An unbatched INT32 identity of one element, with this many instances and this delay. */
    private static String single(int instances, int delayMs) {
        return """
                backend: "identity"
                max_batch_size: 0
                input [ { name: "INPUT0" data_type: TYPE_INT32 dims: [ 1 ] } ]
                output [ { name: "OUTPUT0" data_type: TYPE_INT32 dims: [ 1 ] } ]
                instance_group [ { count: %d kind: KIND_CPU } ]
                parameters { key: "execute_delay_ms" value { string_value: "%d" } }
                """.formatted(instances, delayMs);
    }

    /** repeat, then identity `after` on each value; `extra` goes into the ensemble's config. */
    private static String repeatThen(String name, String after, String policy, String extra) {
        return """
                name: "%s"
                platform: "ensemble"
                max_batch_size: 0
                %s
                input [ { name: "VALUES" data_type: TYPE_INT32 dims: [ -1 ] },
                        { name: "DELAY" data_type: TYPE_UINT32 dims: [ -1 ] },
                        { name: "WAIT" data_type: TYPE_UINT32 dims: [ 1 ] } ]
                output [ { name: "RESULT" data_type: TYPE_INT32 dims: [ 1 ] } ]
                ensemble_scheduling {
                  %s
                  step [ { model_name: "repeat" model_version: -1
                           input_map { key: "IN" value: "VALUES" } input_map { key: "DELAY" value: "DELAY" }
                           input_map { key: "WAIT" value: "WAIT" } output_map { key: "OUT" value: "ONE" } },
                         { model_name: "%s" model_version: -1
                           input_map { key: "INPUT0" value: "ONE" } output_map { key: "OUTPUT0" value: "RESULT" } } ]
                }
                """.formatted(name, policy, extra, after);
    }

    private static List<InferenceResponse> stream(EngineHarness harness, String model, int... values) throws Exception {
        CollectingSink sink = new CollectingSink();
        InferenceRequest request = new InferenceRequest("r", model, "", List.of(int32("VALUES", DataType.INT32, values),
                int32("DELAY", DataType.UINT32, new int[values.length]), int32("WAIT", DataType.UINT32, 0)),
                List.of(), Map.of());
        harness.vertx.runOnContext(v -> harness.engine.inferStream(request, sink));
        return await(sink.done.future());
    }

    private static List<Integer> results(List<InferenceResponse> responses) {
        return responses.stream().map(r -> r.outputs().getFirst().bytes().getInt(0)).sorted().toList();
    }

    private static String reason(EngineHarness harness, String model) {
        return harness.engine.index(false).stream().filter(e -> e.name().equals(model)).map(ModelIndexEntry::reason)
                .findFirst().orElseThrow();
    }

    @Test
    void eachResponseOfADecoupledStepRunsThroughTheStepsAfterIt() throws Exception {
        new TestRepository(dir).model("repeat", REPEAT, 1).model("after", single(1, 0), 1)
                .model("streaming", repeatThen("streaming", "after", "model_transaction_policy { decoupled: true }", ""), 1);
        try (EngineHarness harness = new EngineHarness(dir)) {
            assertEquals(List.of(7, 8, 9), results(stream(harness, "streaming", 7, 8, 9)));
            assertEquals(3, harness.statistics("after").inferenceCount(), "the step after ran once per response");
            assertEquals(1, harness.statistics("streaming").inference().success().count());
        }
    }

    @Test
    void aDecoupledStepThatSendsNothingEndsTheStreamWithoutResponses() throws Exception {
        new TestRepository(dir).model("repeat", REPEAT, 1).model("after", single(1, 0), 1)
                .model("streaming", repeatThen("streaming", "after", "model_transaction_policy { decoupled: true }", ""), 1);
        try (EngineHarness harness = new EngineHarness(dir)) {
            assertEquals(List.of(), results(stream(harness, "streaming")));
        }
    }

    @Test
    void maxInflightRequestsMakesTheDecoupledStepWaitForTheStepsAfterIt() throws Exception {
        // four instances of a 100 ms step could take four responses at once; the limit lets one through at a time
        new TestRepository(dir).model("repeat", REPEAT, 1).model("slow", single(4, 100), 1)
                .model("bounded", repeatThen("bounded", "slow", "model_transaction_policy { decoupled: true }",
                        "max_inflight_requests: 1"), 1);
        try (EngineHarness harness = new EngineHarness(dir)) {
            long start = System.nanoTime();
            assertEquals(List.of(1, 2, 3, 4, 5, 6), results(stream(harness, "bounded", 1, 2, 3, 4, 5, 6)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 600, "six 100 ms steps ran one after another: " + millis + " ms");
        }
    }

    @Test
    void chainedDecoupledStepsStreamUnderAnInflightLimit() throws Exception {
        new TestRepository(dir).model("repeat", REPEAT, 1).model("after", single(1, 0), 1).model("chained", """
                name: "chained"
                platform: "ensemble"
                max_batch_size: 0
                model_transaction_policy { decoupled: true }
                input [ { name: "VALUES" data_type: TYPE_INT32 dims: [ -1 ] },
                        { name: "DELAY" data_type: TYPE_UINT32 dims: [ -1 ] },
                        { name: "WAIT" data_type: TYPE_UINT32 dims: [ 1 ] },
                        { name: "DELAY_ONE" data_type: TYPE_UINT32 dims: [ 1 ] } ]
                output [ { name: "RESULT" data_type: TYPE_INT32 dims: [ 1 ] } ]
                ensemble_scheduling {
                  max_inflight_requests: 1
                  step [ { model_name: "repeat" model_version: -1
                           input_map { key: "IN" value: "VALUES" } input_map { key: "DELAY" value: "DELAY" }
                           input_map { key: "WAIT" value: "WAIT" } output_map { key: "OUT" value: "ONE" } },
                         { model_name: "repeat" model_version: -1
                           input_map { key: "IN" value: "ONE" } input_map { key: "DELAY" value: "DELAY_ONE" }
                           input_map { key: "WAIT" value: "WAIT" } output_map { key: "OUT" value: "TWO" } },
                         { model_name: "after" model_version: -1
                           input_map { key: "INPUT0" value: "TWO" } output_map { key: "OUTPUT0" value: "RESULT" } } ]
                }
                """, 1);
        try (EngineHarness harness = new EngineHarness(dir)) {
            CollectingSink sink = new CollectingSink();
            InferenceRequest request = new InferenceRequest("r", "chained", "", List.of(
                    int32("VALUES", DataType.INT32, 4, 5, 6), int32("DELAY", DataType.UINT32, 0, 0, 0),
                    int32("WAIT", DataType.UINT32, 0), int32("DELAY_ONE", DataType.UINT32, 0)), List.of(), Map.of());
            harness.vertx.runOnContext(v -> harness.engine.inferStream(request, sink));
            assertEquals(List.of(4, 5, 6), results(await(sink.done.future())),
                    "a fork waiting on the second decoupled step does not hold the only permit");
        }
    }

    @Test
    void anEnsembleWithADecoupledStepMustBeDecoupled() throws Exception {
        new TestRepository(dir).model("repeat", REPEAT, 1).model("after", single(1, 0), 1)
                .model("unary", repeatThen("unary", "after", "", ""), 1);
        try (EngineHarness harness = new EngineHarness(dir)) {
            assertTrue(reason(harness, "unary").contains("set model_transaction_policy { decoupled: true }"),
                    reason(harness, "unary"));
        }
    }

    @Test
    void aStepBesideADecoupledStepFailsToLoad() throws Exception {
        String beside = repeatThen("beside", "after", "model_transaction_policy { decoupled: true }", """
                step [ { model_name: "after" model_version: -1
                         input_map { key: "INPUT0" value: "WAIT_AS_INT" } output_map { key: "OUTPUT0" value: "SIDE" } } ]
                """).replace("{ name: \"WAIT\" data_type: TYPE_UINT32 dims: [ 1 ] } ]",
                "{ name: \"WAIT\" data_type: TYPE_UINT32 dims: [ 1 ] },\n { name: \"WAIT_AS_INT\" data_type: TYPE_INT32 dims: [ 1 ] } ]");
        new TestRepository(dir).model("repeat", REPEAT, 1).model("after", single(1, 0), 1).model("beside", beside, 1);
        try (EngineHarness harness = new EngineHarness(dir)) {
            assertTrue(reason(harness, "beside").contains("neither feeds nor reads the decoupled step 'repeat'"),
                    reason(harness, "beside"));
        }
    }
}
