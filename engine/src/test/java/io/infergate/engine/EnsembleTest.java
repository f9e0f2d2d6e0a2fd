package io.infergate.engine;

import static io.infergate.testsupport.Await.await;
import static io.infergate.engine.EngineHarness.failure;
import static io.infergate.engine.EngineHarness.int32Request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelMetadata;
import io.infergate.engine.api.ModelStatistics;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ensembles: data-flow steps through the engine, and the configurations that must not load. */
class EnsembleTest {
    @TempDir
    Path dir;

    private static String ensemble(String name, String inputType, String steps) {
        return """
                name: "%s"
                platform: "ensemble"
                max_batch_size: 8
                input [ { name: "INPUT0" data_type: %s dims: [ -1 ] } ]
                output [ { name: "OUT" data_type: TYPE_INT32 dims: [ -1 ] } ]
                ensemble_scheduling { %s }
                """.formatted(name, inputType, steps);
    }

    private static String step(String model, String in, String out) {
        return "step [ { model_name: \"%s\" model_version: -1 input_map { key: \"INPUT0\" value: \"%s\" } output_map { key: \"OUTPUT0\" value: \"%s\" } } ]"
                .formatted(model, in, out);
    }

    private static String reason(EngineHarness harness, String model) {
        return harness.engine.index(false).stream().filter(e -> e.name().equals(model)).map(ModelIndexEntry::reason)
                .findFirst().orElseThrow();
    }

    @Test
    void parallelBranchesRunAtOnceAndJoin() throws Exception {
        new TestRepository(dir).identity("slow", "TYPE_INT32", 300, 1).identity("slower", "TYPE_INT32", 300, 1)
                .identity("fast", "TYPE_INT32", 0, 1)
                .model("pipeline", """
                        name: "pipeline"
                        platform: "ensemble"
                        max_batch_size: 8
                        input [ { name: "INPUT0" data_type: TYPE_INT32 dims: [ -1 ] } ]
                        output [ { name: "LEFT" data_type: TYPE_INT32 dims: [ -1 ] },
                                 { name: "RIGHT" data_type: TYPE_INT32 dims: [ -1 ] } ]
                        ensemble_scheduling {
                          %s
                          %s
                          %s
                          %s
                        }
                        """.formatted(step("fast", "A", "LEFT"), step("slow", "INPUT0", "A"), step("slower", "INPUT0", "B"),
                        step("fast", "B", "RIGHT")), 1);
        try (EngineHarness harness = new EngineHarness(dir)) {
            long start = System.nanoTime();
            InferenceResponse response = await(harness.engine.infer(int32Request("pipeline", Map.of(), 4, 5, 6)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(2, response.outputs().size());
            assertEquals(6, response.outputs().get(1).bytes().getInt(8));
            assertTrue(millis < 550, "both slow steps ran at once: " + millis + " ms");
            assertEquals(2, harness.statistics("fast").inferenceCount(), "steps count on their own model");
            assertEquals(1, harness.statistics("pipeline").inference().success().count());
        }
    }

    @Test
    void aFailingStepFailsTheRequestWithItsMessage() throws Exception {
        new TestRepository(dir).model("fixed", """
                backend: "identity"
                max_batch_size: 8
                input [ { name: "INPUT0" data_type: TYPE_INT32 dims: [ 2 ] } ]
                output [ { name: "OUTPUT0" data_type: TYPE_INT32 dims: [ 2 ] } ]
                """, 1).model("wrapper", ensemble("wrapper", "TYPE_INT32", step("fixed", "INPUT0", "OUT")), 1);
        try (EngineHarness harness = new EngineHarness(dir)) {
            InferenceException e = failure(harness.engine.infer(int32Request("wrapper", Map.of(), 1, 2, 3)));
            assertTrue(e.getMessage().contains("unexpected shape for input 'INPUT0' for model 'fixed'"), e.getMessage());
        }
    }

    @Test
    void stepsAreBatchedWithEachOtherByTheirModelsDynamicBatcher() throws Exception {
        new TestRepository(dir).model("batched", """
                backend: "identity"
                max_batch_size: 8
                input [ { name: "INPUT0" data_type: TYPE_INT32 dims: [ -1 ] } ]
                output [ { name: "OUTPUT0" data_type: TYPE_INT32 dims: [ -1 ] } ]
                dynamic_batching { max_queue_delay_microseconds: 500000 }
                """, 1).model("wrapper", ensemble("wrapper", "TYPE_INT32", step("batched", "INPUT0", "OUT")), 1);
        try (EngineHarness harness = new EngineHarness(dir)) {
            List<Future<InferenceResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(harness.engine.infer(int32Request("wrapper", Map.of(), i, i)));
            }
            for (int i = 0; i < 8; i++) {
                assertEquals(i, await(answers.get(i)).outputs().getFirst().bytes().getInt(4));
            }
            assertEquals(8, harness.statistics("batched").inferenceCount());
            assertTrue(harness.statistics("batched").executionCount() < 8, "the eight steps were batched");
        }
    }

    @Test
    void anEnsembleCanBeAStepOfAnother() throws Exception {
        new TestRepository(dir).identity("id", "TYPE_INT32", 0, 1)
                .model("inner", ensemble("inner", "TYPE_INT32", step("id", "INPUT0", "OUT")), 1)
                .model("outer", ensemble("outer", "TYPE_INT32", """
                        step [ { model_name: "inner" model_version: -1 input_map { key: "INPUT0" value: "INPUT0" }
                                 output_map { key: "OUT" value: "OUT" } } ]"""), 1);
        try (EngineHarness harness = new EngineHarness(dir)) {
            assertEquals(42, await(harness.engine.infer(int32Request("outer", Map.of(), 42))).outputs().getFirst()
                    .bytes().getInt(0));
            for (String model : List.of("outer", "inner", "id")) {
                assertEquals(1, harness.statistics(model).inference().success().count(), model);
            }
        }
    }

    /** The ensemble "chain" of identity models "first" then "second", each delaying its executions. */
    private void chain(int firstDelayMs, int secondDelayMs) {
        new TestRepository(dir).identity("first", "TYPE_INT32", firstDelayMs, 1)
                .identity("second", "TYPE_INT32", secondDelayMs, 1)
                .model("chain", ensemble("chain", "TYPE_INT32", step("first", "INPUT0", "A") + step("second", "A", "OUT")), 1);
    }

    @Test
    void metadataConfigAndStatisticsShowTheEnsembleAndItsComposingModels() throws Exception {
        chain(0, 0);
        try (EngineHarness harness = new EngineHarness(dir)) {
            await(harness.engine.infer(int32Request("chain", Map.of(), 1, 2)));
            ModelMetadata metadata = harness.engine.metadata("chain", "");
            assertEquals("ensemble", metadata.platform());
            assertEquals(List.of("INPUT0"), metadata.inputs().stream().map(ModelMetadata.TensorMetadata::name).toList());
            assertEquals(List.of("OUT"), metadata.outputs().stream().map(ModelMetadata.TensorMetadata::name).toList());
            assertEquals(List.of("first", "second"), harness.engine.config("chain", "").getEnsembleScheduling()
                    .getStepList().stream().map(s -> s.getModelName()).toList(), "the config lists the composing models");
            ModelStatistics chain = harness.statistics("chain");
            assertEquals(1, chain.inference().success().count());
            assertEquals(1, chain.executionCount(), "Triton counts one execution per ensemble request");
            assertEquals(1, chain.inferenceCount());
            for (String model : List.of("first", "second")) {
                ModelStatistics step = harness.statistics(model);
                assertEquals(1, step.executionCount(), model);
                assertEquals(1, step.inferenceCount(), model);
            }
        }
    }

    @Test
    void anEnsemblesComputeTimesAreTheSumsOfItsSteps() throws Exception {
        chain(20, 30);
        try (EngineHarness harness = new EngineHarness(dir)) {
            await(harness.engine.infer(int32Request("chain", Map.of(), 1, 2)));
            ModelStatistics chain = harness.statistics("chain");
            ModelStatistics first = harness.statistics("first");
            ModelStatistics second = harness.statistics("second");
            assertEquals(first.inference().computeInfer().ns() + second.inference().computeInfer().ns(),
                    chain.inference().computeInfer().ns());
            assertEquals(first.inference().computeInput().ns() + second.inference().computeInput().ns(),
                    chain.inference().computeInput().ns());
            assertEquals(first.inference().computeOutput().ns() + second.inference().computeOutput().ns(),
                    chain.inference().computeOutput().ns());
            assertTrue(chain.inference().computeInfer().ns() >= 50_000_000L, "both steps' delays count");
            assertEquals(1, chain.inference().queue().count());
            assertEquals(1, chain.batches().size(), "its one execution has a batch entry");
        }
    }

    @Test
    void anEnsembleOfAMissingModelFailsToLoad() throws Exception {
        new TestRepository(dir).model("orphan", ensemble("orphan", "TYPE_INT32", step("nowhere", "INPUT0", "OUT")), 1);
        try (EngineHarness harness = new EngineHarness(dir)) {
            assertTrue(reason(harness, "orphan").contains("step model 'nowhere' is not available"),
                    reason(harness, "orphan"));
        }
    }

    @Test
    void ensemblesThatContainEachOtherFailToLoad() throws Exception {
        new TestRepository(dir).model("ping", ensemble("ping", "TYPE_INT32", step("pong", "INPUT0", "OUT")), 1)
                .model("pong", ensemble("pong", "TYPE_INT32", step("ping", "INPUT0", "OUT")), 1);
        try (EngineHarness harness = new EngineHarness(dir)) {
            assertTrue(reason(harness, "ping").contains("forms a cycle"), reason(harness, "ping"));
            assertTrue(reason(harness, "pong").contains("forms a cycle"), reason(harness, "pong"));
        }
    }

    @Test
    void stepsThatFeedEachOtherFailToLoad() throws Exception {
        new TestRepository(dir).identity("id", "TYPE_INT32", 0, 1).model("loop", ensemble("loop", "TYPE_INT32",
                step("id", "X", "Y") + step("id", "Y", "X") + step("id", "INPUT0", "OUT")), 1);
        try (EngineHarness harness = new EngineHarness(dir)) {
            assertTrue(reason(harness, "loop").contains("form a cycle"), reason(harness, "loop"));
        }
    }

    @Test
    void mismatchedTensorTypesBetweenStepsFailToLoad() throws Exception {
        new TestRepository(dir).identity("ints", "TYPE_INT32", 0, 1).identity("floats", "TYPE_FP32", 0, 1)
                .model("mixed", ensemble("mixed", "TYPE_INT32", step("ints", "INPUT0", "A") + step("floats", "A", "OUT")), 1);
        try (EngineHarness harness = new EngineHarness(dir)) {
            assertTrue(reason(harness, "mixed").contains("'A' is TYPE_INT32 but input 'INPUT0' of step 'floats' expects TYPE_FP32"),
                    reason(harness, "mixed"));
        }
    }
}
