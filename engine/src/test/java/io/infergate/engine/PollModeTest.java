package io.infergate.engine;

import static io.infergate.engine.EngineHarness.failure;
import static io.infergate.testsupport.Await.await;
import static io.infergate.testsupport.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelLoadOverrides;
import io.infergate.engine.api.Status;
import io.infergate.engine.lifecycle.ModelLifecycle;
import io.infergate.engine.model.ModelRecord;
import io.infergate.engine.repository.spi.LocalModelRepository;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.infergate.testsupport.ProjectPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Poll mode: changes to the repository folder are found and applied while models serve. */
class PollModeTest {
    private static final Duration POLL = Duration.ofMillis(100);

    @TempDir
    Path dir;

    @AutoClose
    private EngineHarness harness;
    private LocalEngine engine;
    private TestRepository repository;

    @BeforeEach
    void setUp() {
        repository = new TestRepository(dir);
    }

    private void startPolling() throws Exception {
        harness = new EngineHarness(new EngineOptions(LocalModelRepository.all(List.of(dir)), ModelControlMode.POLL,
                List.of(), true, false, POLL, 0, RateLimitOptions.OFF));
        engine = harness.engine;
    }

    private int echo(String model) throws Exception {
        return await(engine.infer(EngineHarness.int32Request(model, Map.of(), 7))).outputs().getFirst().bytes().getInt(0);
    }

    private ModelIndexEntry entryOf(String model, String version) {
        return engine.index(false).stream().filter(e -> e.name().equals(model) && e.version().equals(version))
                .findFirst().orElseThrow(() -> new AssertionError(model + " version " + version + " is not in the index"));
    }

    /** A copy of an example ONNX model (INT32 [16] x2 -> [16] x2) as version 1 of {@code name}. */
    private void onnxModel(String name, String example) throws IOException {
        Path version = Files.createDirectories(dir.resolve(name).resolve("1"));
        Files.copy(ProjectPaths.examples().resolve("simple/config.pbtxt"), dir.resolve(name).resolve("config.pbtxt"));
        Files.writeString(dir.resolve(name).resolve("config.pbtxt"),
                Files.readString(dir.resolve(name).resolve("config.pbtxt")).replace("name: \"simple\"", ""));
        copyModelFile(example, version);
    }

    private static void copyModelFile(String example, Path versionDir) throws IOException {
        Files.copy(ProjectPaths.examples().resolve(example).resolve("1/model.onnx"), versionDir.resolve("model.onnx"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** OUTPUT0 of the example add/sub models for INPUT0 = 5 and INPUT1 = 2 in every element. */
    private int output0(String model) throws Exception {
        ByteBuffer five = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer two = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 16; i++) {
            five.putInt(5);
            two.putInt(2);
        }
        InferenceRequest request = new InferenceRequest("", model, "", List.of(
                new Tensor("INPUT0", DataType.INT32, new long[] {1, 16}, five.flip()),
                new Tensor("INPUT1", DataType.INT32, new long[] {1, 16}, two.flip())), List.of(), Map.of());
        return await(engine.infer(request)).outputs().getFirst().bytes().getInt(0);
    }

    @Test
    void everyModelLoadsAtStartUp() throws Exception {
        repository.identity("echo", "TYPE_INT32", 0, 1);
        startPolling();
        assertEquals(7, echo("echo"));
    }

    @Test
    void aModelAddedToTheRepositoryIsLoaded() throws Exception {
        startPolling();
        repository.identity("late", "TYPE_INT32", 0, 1);
        eventually("the new model is ready", () -> engine.isModelReady("late", ""));
        assertEquals(7, echo("late"));
    }

    @Test
    void aModelRemovedFromTheRepositoryIsUnloaded() throws Exception {
        repository.identity("echo", "TYPE_INT32", 0, 1);
        startPolling();
        deleteTree(dir.resolve("echo"));
        eventually("the model is unloaded", () -> entryOf("echo", "1").reason().equals(ModelRecord.UNLOADED));
        assertEquals(Status.NOT_FOUND, failure(engine.infer(EngineHarness.int32Request("echo", Map.of(), 7))).status());
    }

    @Test
    void aRepositoryThatCannotBeReadForAWhileKeepsItsModelsServing() throws Exception {
        repository.identity("echo", "TYPE_INT32", 0, 1);
        startPolling();
        Path away = dir.resolveSibling(dir.getFileName() + "-away");
        Files.move(dir, away);
        Thread.sleep(POLL.toMillis() * 5); // several scans that cannot list the repository
        assertEquals(7, echo("echo"));
        Files.move(away, dir);
        repository.identity("late", "TYPE_INT32", 0, 1);
        eventually("scans apply changes again", () -> engine.isModelReady("late", ""));
        assertEquals(7, echo("echo"));
    }

    @Test
    void aChangedConfigIsReloaded() throws Exception {
        repository.identity("echo", "TYPE_INT32", 0, 1);
        startPolling();
        Path config = dir.resolve("echo/config.pbtxt");
        Files.writeString(config, Files.readString(config).replace("max_batch_size: 8", "max_batch_size: 3"));
        eventually("the new config serves", () -> engine.config("echo", "").getMaxBatchSize() == 3);
        assertEquals(7, echo("echo"));
    }

    @Test
    void aChangedModelFileIsReloaded() throws Exception {
        onnxModel("addsub", "simple");
        startPolling();
        assertEquals(7, output0("addsub"));
        copyModelFile("simple_sub_add", dir.resolve("addsub/1"));
        eventually("the new file serves", () -> output0("addsub") == 3);
    }

    @Test
    void anAddedVersionFolderIsLoadedAndTheOldVersionUnloaded() throws Exception {
        onnxModel("addsub", "simple");
        startPolling();
        copyModelFile("simple_sub_add", Files.createDirectories(dir.resolve("addsub/2")));
        eventually("version 2 serves", () -> engine.isModelReady("addsub", "2") && !engine.isModelReady("addsub", "1"));
        assertEquals(3, output0("addsub"));
    }

    @Test
    void aConfigThatDoesNotParseKeepsTheOldVersionServingAndTheIndexSaysWhy() throws Exception {
        repository.identity("echo", "TYPE_INT32", 0, 1).identity("other", "TYPE_INT32", 0, 1);
        startPolling();
        Files.writeString(dir.resolve("echo/config.pbtxt"), "max_batch_size: [");
        eventually("the index tells the failure", () -> entryOf("echo", "1").reason().contains("config.pbtxt"));
        ModelIndexEntry entry = entryOf("echo", "1");
        assertEquals("READY", entry.state());
        assertTrue(entry.reason().startsWith(ModelLifecycle.RELOAD_FAILED), entry.reason());
        assertEquals(7, echo("echo"));
        assertEquals(7, echo("other"));
    }

    @Test
    void aVersionFolderWithoutItsModelFileKeepsTheOldVersionServingAndTheIndexSaysWhy() throws Exception {
        onnxModel("addsub", "simple");
        repository.identity("other", "TYPE_INT32", 0, 1);
        startPolling();
        Files.createDirectories(dir.resolve("addsub/2"));
        String reason = eventually("the index tells the failure", () -> entryOf("addsub", "1").reason(),
                told -> !told.isEmpty());
        assertTrue(reason.endsWith("version 2: model file " + dir.resolve("addsub/2/model.onnx") + " not found"), reason);
        assertEquals(7, output0("addsub"));
        assertEquals(7, echo("other"));
    }

    @Test
    void aModelFolderDeletedWhileItReloadsEndsUnloadedAndTheOthersKeepServing() throws Exception {
        repository.identity("other", "TYPE_INT32", 0, 1);
        startPolling();
        for (int round = 0; round < 5; round++) {
            repository.identity("doomed", "TYPE_INT32", 0, 1);
            eventually("the model is back", () -> engine.isModelReady("doomed", ""));
            // a change the poller reloads, then the folder goes: before, during or after that reload
            Files.writeString(dir.resolve("doomed/config.pbtxt"), "\n", StandardOpenOption.APPEND);
            Thread.sleep(round * POLL.toMillis() / 2);
            deleteTree(dir.resolve("doomed"));
            eventually("the deleted model is unloaded", () -> !engine.isModelReady("doomed", "")
                    && entryOf("doomed", "1").state().equals("UNAVAILABLE"));
            assertEquals(7, echo("other"));
        }
        assertTrue(engine.isLive());
    }

    @Test
    void loadAndUnloadAreRefusedInTritonsWords() throws Exception {
        repository.identity("echo", "TYPE_INT32", 0, 1);
        startPolling();
        assertEquals("explicit model load / unload is not allowed if polling is enabled",
                failure(engine.load("echo", ModelLoadOverrides.NONE)).getMessage());
        assertEquals(Status.UNAVAILABLE, failure(engine.unload("echo", false)).status());
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
