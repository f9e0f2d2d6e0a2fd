package io.infergate.engine;

import static io.infergate.engine.EngineHarness.failure;
import static io.infergate.testsupport.Await.await;
import static io.infergate.testsupport.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelLoadOverrides;
import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.api.Status;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalEngineTest {
    @TempDir
    Path dir;

    private Vertx vertx;
    private TestRepository repository;
    private LocalEngine engine;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        repository = new TestRepository(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (engine != null) {
            await(engine.close());
        }
        await(vertx.close());
    }

    private LocalEngine start(ModelControlMode mode, List<String> startup, boolean strictReadiness) throws Exception {
        engine = await(LocalEngine.start(vertx,
                new EngineOptions(List.of(dir), mode, startup, true, strictReadiness)));
        return engine;
    }

    private LocalEngine start() throws Exception {
        return start(ModelControlMode.NONE, List.of(), false);
    }

    private static InferenceRequest fp32Request(String model, String version, float... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            data.putFloat(v);
        }
        Tensor input = new Tensor("INPUT0", DataType.FP32, new long[] {1, values.length}, data.flip());
        return new InferenceRequest("req-1", model, version, List.of(input), List.of(), Map.of());
    }

    private static String stateOf(List<ModelIndexEntry> index, String model) {
        return index.stream().filter(e -> e.name().equals(model)).map(ModelIndexEntry::state).findFirst().orElse("ABSENT");
    }

    @Test
    void inferenceTravelsToTheModelAndBack() throws Exception {
        repository.identity("echo", "TYPE_FP32", 0, 1);
        start();
        InferenceResponse response = await(engine.infer(fp32Request("echo", "", 1.5f, -2f)));
        assertEquals("req-1", response.id());
        assertEquals("1", response.modelVersion());
        Tensor output = response.outputs().getFirst();
        assertEquals("OUTPUT0", output.name());
        assertArrayEquals(new long[] {1, 2}, output.shape());
        assertEquals(-2f, output.bytes().getFloat(4));
    }

    @Test
    void everyModelLoadsAtStartUpInNoneMode() throws Exception {
        repository.identity("a", "TYPE_FP32", 0, 1).identity("b", "TYPE_INT32", 0, 1);
        start();
        assertEquals("READY", stateOf(engine.index(false), "a"));
        assertEquals("READY", stateOf(engine.index(false), "b"));
    }

    @Test
    void brokenConfigMakesOnlyThatModelUnavailableWithItsReason() throws Exception {
        repository.identity("good", "TYPE_FP32", 0, 1).model("bad", "max_batch_size: oops", 1);
        start();
        ModelIndexEntry bad = engine.index(false).stream().filter(e -> e.name().equals("bad")).findFirst().orElseThrow();
        assertEquals("UNAVAILABLE", bad.state());
        assertTrue(bad.reason().contains("config.pbtxt:1"), bad.reason());
        assertTrue(engine.isModelReady("good", ""));
    }

    @Test
    void unknownModelIsNotFoundInTritonWording() throws Exception {
        start();
        InferenceException e = failure(engine.infer(fp32Request("nope", "", 1f)));
        assertEquals(Status.NOT_FOUND, e.status());
        assertTrue(e.getMessage().startsWith("Request for unknown model"), e.getMessage());
    }

    @Test
    void unknownVersionIsNotFound() throws Exception {
        repository.identity("echo", "TYPE_FP32", 0, 1);
        start();
        assertEquals(Status.NOT_FOUND, failure(engine.infer(fp32Request("echo", "7", 1f))).status());
    }

    @Test
    void explicitVersionsAreRoutedSeparately() throws Exception {
        repository.identity("echo", "TYPE_FP32", 0, 1, 2);
        start();
        assertEquals("1", await(engine.infer(fp32Request("echo", "1", 1f))).modelVersion());
        assertEquals("2", await(engine.infer(fp32Request("echo", "", 1f))).modelVersion());
        assertEquals(List.of("1", "2"), engine.metadata("echo", "").versions());
    }

    @Test
    void invalidRequestIsRefusedBeforeReachingTheModel() throws Exception {
        repository.identity("echo", "TYPE_INT32", 0, 1);
        start();
        assertEquals(Status.INVALID_ARG, failure(engine.infer(fp32Request("echo", "", 1f))).status());
        assertEquals(0, engine.statistics("echo", "").getFirst().executionCount());
    }

    @Test
    void loadIsRefusedUnlessControlModeIsExplicitInTritonsWords() throws Exception {
        repository.identity("echo", "TYPE_FP32", 0, 1);
        start();
        InferenceException e = failure(engine.load("echo", ModelLoadOverrides.NONE));
        assertEquals(Status.UNAVAILABLE, e.status());
        assertEquals("explicit model load / unload is not allowed if polling is enabled", e.getMessage());
    }

    @Test
    void unloadIsRefusedUnlessControlModeIsExplicitInTritonsWords() throws Exception {
        repository.identity("echo", "TYPE_FP32", 0, 1);
        start();
        InferenceException e = failure(engine.unload("echo", false));
        assertEquals(Status.UNAVAILABLE, e.status());
        assertEquals("explicit model load / unload is not allowed if polling is enabled", e.getMessage());
        assertTrue(engine.isModelReady("echo", ""));
    }

    @Test
    void explicitModeIndexListsEveryRepositoryModelByNameBeforeItLoads() throws Exception {
        repository.identity("a", "TYPE_FP32", 0, 1).identity("b", "TYPE_FP32", 0, 1);
        start(ModelControlMode.EXPLICIT, List.of(), false);
        assertEquals(List.of(ModelIndexEntry.nameOnly("a"), ModelIndexEntry.nameOnly("b")), engine.index(false));
        assertEquals(List.of(), engine.index(true));
    }

    @Test
    void indexListsLoadedUnloadedAndNeverLoadedModelsByName() throws Exception {
        repository.identity("a", "TYPE_FP32", 0, 1).identity("b", "TYPE_FP32", 0, 1).identity("c", "TYPE_FP32", 0, 1);
        start(ModelControlMode.EXPLICIT, List.of("a", "c"), false);
        await(engine.unload("c", false));
        assertEquals(List.of(new ModelIndexEntry("a", "1", "READY", ""), ModelIndexEntry.nameOnly("b"),
                new ModelIndexEntry("c", "1", "UNAVAILABLE", "unloaded")), engine.index(false));
        assertEquals(List.of(new ModelIndexEntry("a", "1", "READY", "")), engine.index(true));
    }

    @Test
    void theRepositoryIndexListsAModelFolderAddedAfterStartUp() throws Exception {
        repository.identity("a", "TYPE_FP32", 0, 1);
        start(ModelControlMode.EXPLICIT, List.of(), false);
        repository.identity("late", "TYPE_FP32", 0, 1);
        assertEquals(List.of(ModelIndexEntry.nameOnly("a"), ModelIndexEntry.nameOnly("late")),
                await(engine.repositoryIndex(false)));
    }

    @Test
    void aRepositoryThatCannotBeListedLeavesTheOthersServingAndTheIndexSaysWhich() throws Exception {
        repository.identity("a", "TYPE_FP32", 0, 1);
        Path missing = dir.resolveSibling(dir.getFileName() + "-missing");
        engine = await(LocalEngine.start(vertx, new EngineOptions(List.of(dir, missing), ModelControlMode.NONE,
                List.of(), true, false)));
        assertTrue(engine.isModelReady("a", ""));
        InferenceException refused = failure(engine.repositoryIndex(false));
        assertTrue(refused.getMessage().contains("failed to poll from model repository " + missing),
                refused.getMessage());
    }

    @Test
    void aModelTwoRepositoriesHoldIsListedUnavailableWithTheReason(@TempDir Path other) throws Exception {
        repository.identity("twice", "TYPE_FP32", 0, 1);
        new TestRepository(other).identity("twice", "TYPE_FP32", 0, 1);
        engine = await(LocalEngine.start(vertx, new EngineOptions(List.of(dir, other), ModelControlMode.EXPLICIT,
                List.of(), true, false)));
        ModelIndexEntry entry = engine.index(false).getFirst();
        assertEquals("UNAVAILABLE", entry.state());
        assertTrue(entry.reason().startsWith("model 'twice' appears in more than one repository"), entry.reason());
    }

    @Test
    void loadingAnEnsembleInExplicitModeLoadsItsComposingModels() throws Exception {
        repository.identity("first", "TYPE_FP32", 0, 1).identity("second", "TYPE_FP32", 0, 1);
        ensemble("pipe", "first", "second");
        start(ModelControlMode.EXPLICIT, List.of(), false);
        await(engine.load("pipe", ModelLoadOverrides.NONE));
        assertTrue(engine.isModelReady("first", ""));
        assertTrue(engine.isModelReady("second", ""));
        assertEquals(3f, await(engine.infer(fp32Request("pipe", "", 3f))).outputs().getFirst().bytes().getFloat(0));
    }

    @Test
    void loadingANestedEnsembleLoadsTheInnerEnsembleAndItsModels() throws Exception {
        repository.identity("leaf", "TYPE_FP32", 0, 1);
        ensemble("inner", "leaf");
        repository.model("outer", """
                platform: "ensemble"
                max_batch_size: 8
                input [ { name: "INPUT0" data_type: TYPE_FP32 dims: [ -1 ] } ]
                output [ { name: "OUT" data_type: TYPE_FP32 dims: [ -1 ] } ]
                ensemble_scheduling { step [ { model_name: "inner" model_version: -1
                    input_map { key: "INPUT0" value: "INPUT0" } output_map { key: "OUT" value: "OUT" } } ] }
                """, 1);
        start(ModelControlMode.EXPLICIT, List.of(), false);
        await(engine.load("outer", ModelLoadOverrides.NONE));
        assertTrue(engine.isModelReady("inner", ""));
        assertTrue(engine.isModelReady("leaf", ""));
    }

    @Test
    void anEnsembleNamedAtStartUpLoadsWithItsComposingModels() throws Exception {
        repository.identity("first", "TYPE_FP32", 0, 1).identity("second", "TYPE_FP32", 0, 1)
                .identity("unrelated", "TYPE_FP32", 0, 1);
        ensemble("pipe", "first", "second");
        start(ModelControlMode.EXPLICIT, List.of("pipe"), false);
        assertTrue(engine.isModelReady("pipe", ""));
        assertTrue(engine.isModelReady("first", ""));
        assertFalse(engine.isModelReady("unrelated", ""));
    }

    @Test
    void explicitModeLoadsOnlyTheStartUpModels() throws Exception {
        repository.identity("a", "TYPE_FP32", 0, 1).identity("b", "TYPE_FP32", 0, 1);
        start(ModelControlMode.EXPLICIT, List.of("a"), false);
        assertTrue(engine.isModelReady("a", ""));
        assertFalse(engine.isModelReady("b", ""));
        await(engine.load("b", ModelLoadOverrides.NONE));
        assertTrue(engine.isModelReady("b", ""));
    }

    @Test
    void loadOfANameNoRepositoryHasFailsAndLeavesNoEntry() throws Exception {
        start(ModelControlMode.EXPLICIT, List.of(), false);
        InferenceException e = failure(engine.load("ghost", ModelLoadOverrides.NONE));
        assertEquals(Status.INVALID_ARG, e.status());
        assertEquals("failed to load 'ghost', failed to poll from model repository: no model folder 'ghost' in any"
                + " repository", e.getMessage());
        assertEquals("ABSENT", stateOf(engine.index(false), "ghost"));
    }

    @Test
    void unloadOfAModelNeverLoadedIsRefusedInTritonsWords() throws Exception {
        start(ModelControlMode.EXPLICIT, List.of(), false);
        InferenceException e = failure(engine.unload("ghost", false));
        assertEquals(Status.INVALID_ARG, e.status());
        assertEquals("failed to unload 'ghost', no version is available", e.getMessage());
    }

    @Test
    void pathTraversalInAModelNameIsRefused() throws Exception {
        start(ModelControlMode.EXPLICIT, List.of(), false);
        assertEquals(Status.INVALID_ARG, failure(engine.load("../etc", ModelLoadOverrides.NONE)).status());
    }

    @Test
    void unloadLetsInFlightRequestsFinish() throws Exception {
        repository.identity("slow", "TYPE_FP32", 300, 1);
        start(ModelControlMode.EXPLICIT, List.of("*"), false);
        Future<InferenceResponse> inFlight = engine.infer(fp32Request("slow", "", 4f));
        eventually("the request reached the model", () -> engine.statistics("slow", "").getFirst().pendingRequests() == 1);
        await(engine.unload("slow", false));
        assertEquals(4f, await(inFlight).outputs().getFirst().bytes().getFloat(0));
        assertEquals("UNAVAILABLE", stateOf(engine.index(false), "slow"));
        assertFalse(engine.isModelReady("slow", ""));
    }

    /** An ensemble of identity models: INPUT0 -> each step in turn -> OUT. */
    private void ensemble(String name, String... steps) {
        StringBuilder config = new StringBuilder("""
                platform: "ensemble"
                max_batch_size: 8
                input [ { name: "INPUT0" data_type: TYPE_FP32 dims: [ -1 ] } ]
                output [ { name: "OUT" data_type: TYPE_FP32 dims: [ -1 ] } ]
                ensemble_scheduling {
                """);
        for (int i = 0; i < steps.length; i++) {
            config.append("step [ { model_name: \"%s\" model_version: -1 input_map { key: \"INPUT0\" value: \"%s\" } output_map { key: \"OUTPUT0\" value: \"%s\" } } ]\n"
                    .formatted(steps[i], i == 0 ? "INPUT0" : "T" + i, i == steps.length - 1 ? "OUT" : "T" + (i + 1)));
        }
        repository.model(name, config.append("}\n").toString(), 1);
    }

    /** Loads the ensemble "pipe" of "first" then "second", and unloads "pipe". */
    private void unloadPipeOfTwo(boolean unloadDependents) throws Exception {
        repository.identity("first", "TYPE_FP32", 0, 1).identity("second", "TYPE_FP32", 0, 1);
        ensemble("pipe", "first", "second");
        start(ModelControlMode.EXPLICIT, List.of("*"), false);
        await(engine.unload("pipe", unloadDependents));
    }

    @Test
    void unloadWithDependentsUnloadsAnEnsemblesComposingModels() throws Exception {
        unloadPipeOfTwo(true);
        assertEquals("UNAVAILABLE", stateOf(engine.index(false), "pipe"));
        assertEquals("UNAVAILABLE", stateOf(engine.index(false), "first"));
        assertEquals("UNAVAILABLE", stateOf(engine.index(false), "second"));
    }

    @Test
    void unloadWithoutDependentsKeepsTheComposingModelsServing() throws Exception {
        unloadPipeOfTwo(false);
        assertFalse(engine.isModelReady("pipe", ""));
        assertTrue(engine.isModelReady("first", ""));
        assertTrue(engine.isModelReady("second", ""));
    }

    @Test
    void unloadWithDependentsKeepsAComposingModelAnotherEnsembleUses() throws Exception {
        repository.identity("first", "TYPE_FP32", 0, 1).identity("shared", "TYPE_FP32", 0, 1);
        ensemble("pipe", "first", "shared");
        ensemble("other", "shared");
        start(ModelControlMode.EXPLICIT, List.of("*"), false);
        await(engine.unload("pipe", true));
        assertFalse(engine.isModelReady("first", ""));
        assertTrue(engine.isModelReady("shared", ""));
        assertEquals(2f, await(engine.infer(fp32Request("other", "", 2f))).outputs().getFirst().bytes().getFloat(0));
    }

    @Test
    void failedReloadKeepsThePreviousVersionServing() throws Exception {
        repository.identity("echo", "TYPE_FP32", 0, 1);
        start(ModelControlMode.EXPLICIT, List.of("*"), false);
        InferenceException e = failure(engine.load("echo",
                new ModelLoadOverrides("{\"backend\": \"no_such_backend\"}", Map.of())));
        assertTrue(e.getMessage().contains("no_such_backend"), e.getMessage());
        assertTrue(engine.isModelReady("echo", ""));
        assertEquals(1.0f, await(engine.infer(fp32Request("echo", "", 1f))).outputs().getFirst().bytes().getFloat(0));
    }

    @Test
    void loadWithConfigAndFilesUsesAFreshFolder() throws Exception {
        start(ModelControlMode.EXPLICIT, List.of(), false);
        String config = """
                {"backend": "identity", "max_batch_size": 8,
                 "input": [{"name": "INPUT0", "data_type": "TYPE_FP32", "dims": [-1]}],
                 "output": [{"name": "OUTPUT0", "data_type": "TYPE_FP32", "dims": [-1]}]}""";
        await(engine.load("uploaded", new ModelLoadOverrides(config,
                Map.of("3/notes.txt", "hello".getBytes(StandardCharsets.UTF_8)))));
        assertEquals("3", await(engine.infer(fp32Request("uploaded", "", 1f))).modelVersion());
    }

    @Test
    void loadFileOutsideTheModelFolderIsRefused() throws Exception {
        start(ModelControlMode.EXPLICIT, List.of(), false);
        InferenceException e = failure(engine.load("evil", new ModelLoadOverrides("{\"backend\": \"identity\"}",
                Map.of("1/../../escape.txt", new byte[1]))));
        assertTrue(e.getMessage().contains("outside the model folder"), e.getMessage());
    }

    @Test
    void strictReadinessWaitsForEveryModel() throws Exception {
        repository.identity("good", "TYPE_FP32", 0, 1).model("bad", "backend: \"identity\"", 1);
        start(ModelControlMode.NONE, List.of(), true);
        assertFalse(engine.isReady());
    }

    @Test
    void statisticsCountSuccessesExecutionsAndFailures() throws Exception {
        repository.identity("echo", "TYPE_FP32", 0, 1);
        start();
        for (int i = 0; i < 3; i++) {
            await(engine.infer(fp32Request("echo", "", 1f)));
        }
        failure(engine.infer(new InferenceRequest("", "echo", "", List.of(), List.of(), Map.of())));
        ModelStatistics stats = engine.statistics("echo", "1").getFirst();
        assertEquals(3, stats.inference().success().count());
        assertEquals(1, stats.inference().fail().count());
        assertEquals(3, stats.executionCount());
        assertEquals(3, stats.inferenceCount());
        assertEquals(3, stats.batches().getFirst().computeInfer().count());
        assertEquals(0, stats.pendingRequests());
    }

    @Test
    void statisticsOfAnUnknownModelIsNotFound() throws Exception {
        start();
        assertEquals(Status.NOT_FOUND, assertThrows(InferenceException.class,
                () -> engine.statistics("nope", "")).status());
    }
}
