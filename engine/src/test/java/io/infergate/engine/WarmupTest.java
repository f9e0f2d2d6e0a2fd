package io.infergate.engine;

import static io.infergate.engine.EngineHarness.failure;
import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelLoadOverrides;
import io.infergate.engine.api.ModelStatistics;
import io.infergate.testsupport.ProjectPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Triton's model_warmup: samples run on every instance before a version is ready, uncounted. */
class WarmupTest {
    @TempDir
    Path dir;

    @AutoClose
    private EngineHarness harness;
    private LocalEngine engine;

    @BeforeEach
    void setUp() throws Exception {
        harness = new EngineHarness(new EngineOptions(List.of(dir), ModelControlMode.EXPLICIT, List.of(), true, false));
        engine = harness.engine;
    }


    /** An identity model INT32 [4] with these instances, delay and warmup samples. */
    private void identity(String name, int instances, int delayMs, String warmup) throws IOException {
        Files.createDirectories(dir.resolve(name).resolve("1"));
        Files.writeString(dir.resolve(name).resolve("config.pbtxt"), """
                backend: "identity"
                max_batch_size: 8
                input [ { name: "INPUT0" data_type: TYPE_INT32 dims: [ 4 ] } ]
                output [ { name: "OUTPUT0" data_type: TYPE_INT32 dims: [ 4 ] } ]
                instance_group [ { count: %d kind: KIND_CPU } ]
                parameters { key: "execute_delay_ms" value { string_value: "%d" } }
                %s
                """.formatted(instances, delayMs, warmup));
    }

    /** The example add/sub ONNX model (INT32 [16] x2) with these warmup samples. */
    private void addSub(String name, String warmup) throws IOException {
        Path model = Files.createDirectories(dir.resolve(name).resolve("1"));
        Files.copy(ProjectPaths.examples().resolve("simple/1/model.onnx"), model.resolve("model.onnx"));
        Files.writeString(dir.resolve(name).resolve("config.pbtxt"),
                Files.readString(ProjectPaths.examples().resolve("simple/config.pbtxt"))
                        .replace("name: \"simple\"", "") + warmup);
    }

    private void warmupFile(String model, String file, byte[] data) throws IOException {
        Files.write(Files.createDirectories(dir.resolve(model).resolve("warmup")).resolve(file), data);
    }

    private static byte[] int32s(int count, int value) {
        ByteBuffer data = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            data.putInt(value);
        }
        return data.array();
    }

    private String loadFailure(String model) {
        return failure(engine.load(model, ModelLoadOverrides.NONE)).getMessage();
    }

    private ModelIndexEntry entryOf(String model) {
        return engine.index(false).stream().filter(e -> e.name().equals(model)).findFirst().orElseThrow();
    }

    @Test
    void everySampleRunsItsCountOnEveryInstanceBeforeTheVersionIsReady() throws Exception {
        // 2 instances x count 2 x 200 ms: the load cannot be ready in less than 800 ms
        identity("warm", 2, 200, """
                model_warmup [ { name: "zeros" batch_size: 2 count: 2
                  inputs { key: "INPUT0" value { data_type: TYPE_INT32 dims: [ 4 ] zero_data: true } } } ]
                """);
        await(engine.load("warm", ModelLoadOverrides.NONE));
        ModelStatistics statistics = engine.statistics("warm", "").getFirst();
        assertTrue(statistics.loadNanos() >= 800_000_000L, "load took " + statistics.loadNanos() + " ns");
        assertEquals(0, statistics.inferenceCount());
        assertEquals(0, statistics.executionCount());
        assertEquals(0, statistics.inference().success().count());
    }

    @Test
    void warmupRequestsAreNotCountedInTheStatistics() throws Exception {
        identity("warm", 1, 0, """
                model_warmup [ { name: "random" batch_size: 1 count: 3
                  inputs { key: "INPUT0" value { data_type: TYPE_INT32 dims: [ 4 ] random_data: true } } } ]
                """);
        await(engine.load("warm", ModelLoadOverrides.NONE));
        await(engine.infer(EngineHarness.int32Request("warm", Map.of(), 1, 2, 3, 4)));
        ModelStatistics statistics = engine.statistics("warm", "").getFirst();
        assertEquals(1, statistics.inferenceCount());
        assertEquals(1, statistics.executionCount());
    }

    @Test
    void warmupFilesOfTheRightSizeFeedTheModel() throws Exception {
        addSub("files", """
                model_warmup [ { name: "from files" batch_size: 4
                  inputs { key: "INPUT0" value { data_type: TYPE_INT32 dims: [ 16 ] input_data_file: "five" } }
                  inputs { key: "INPUT1" value { data_type: TYPE_INT32 dims: [ 16 ] input_data_file: "two" } } } ]
                """);
        warmupFile("files", "five", int32s(16, 5));
        warmupFile("files", "two", int32s(16, 2));
        await(engine.load("files", ModelLoadOverrides.NONE));
        assertTrue(engine.isModelReady("files", ""));
    }

    @Test
    void aFailingWarmupFailsTheLoadWithTheModelsMessage() throws Exception {
        addSub("half", """
                model_warmup [ { name: "one input"
                  inputs { key: "INPUT0" value { data_type: TYPE_INT32 dims: [ 16 ] zero_data: true } } } ]
                """);
        String message = loadFailure("half");
        assertTrue(message.contains("warmup 'one input' failed: "), message);
        assertTrue(message.contains("INPUT1"), message);
        assertEquals("UNAVAILABLE", entryOf("half").state());
        assertTrue(entryOf("half").reason().contains("warmup 'one input' failed: "), entryOf("half").reason());
        assertFalse(engine.isModelReady("half", ""));
    }

    @Test
    void aWarmupFileOfTheWrongSizeFailsTheLoadSayingWhatWasExpected() throws Exception {
        identity("short", 1, 0, """
                model_warmup [ { name: "short file"
                  inputs { key: "INPUT0" value { data_type: TYPE_INT32 dims: [ 4 ] input_data_file: "in.bin" } } } ]
                """);
        warmupFile("short", "in.bin", new byte[10]);
        assertEquals("failed to load 'short', version 1: warmup 'short file' failed: input_data_file "
                + dir.resolve("short/warmup/in.bin") + " of input 'INPUT0' has 10 bytes, but 16 bytes are expected"
                + " for one batch item of 4 INT32 elements", loadFailure("short"));
    }

    @Test
    void aMissingWarmupFileFailsTheLoadNamingIt() throws Exception {
        identity("nofile", 1, 0, """
                model_warmup [ { name: "w"
                  inputs { key: "INPUT0" value { data_type: TYPE_INT32 dims: [ 4 ] input_data_file: "absent" } } } ]
                """);
        String message = loadFailure("nofile");
        assertTrue(message.contains("cannot read input_data_file " + dir.resolve("nofile/warmup/absent")), message);
    }

    @Test
    void aWarmupFileOutsideTheWarmupFolderIsRefused() throws Exception {
        identity("escape", 1, 0, """
                model_warmup [ { name: "w"
                  inputs { key: "INPUT0" value { data_type: TYPE_INT32 dims: [ 4 ] input_data_file: "../config.pbtxt" } } } ]
                """);
        assertTrue(loadFailure("escape").endsWith("input_data_file '../config.pbtxt' of input 'INPUT0' is outside"
                + " the model's warmup folder"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "INPUT9 | TYPE_INT32 | 4 | warmup 'w' failed: unknown input 'INPUT9'",
        "INPUT0 | TYPE_FP32 | 4 | warmup 'w' failed: input 'INPUT0' is TYPE_FP32 but the model's input is TYPE_INT32",
        "INPUT0 | TYPE_INT32 | -1 | warmup 'w' failed: input 'INPUT0': shape [-1] has a negative dimension"})
    void aWarmupInputThatDoesNotFitTheModelIsRefused(String input, String type, int dim, String message)
            throws Exception {
        identity("misfit", 1, 0, """
                model_warmup [ { name: "w"
                  inputs { key: "%s" value { data_type: %s dims: [ %d ] zero_data: true } } } ]
                """.formatted(input, type, dim));
        String failure = loadFailure("misfit");
        assertTrue(failure.endsWith(message), failure);
    }

    @Test
    void aDecoupledModelWarmsUpUntilItsFinalResponse() throws Exception {
        Files.createDirectories(dir.resolve("square/1"));
        Files.writeString(dir.resolve("square/config.pbtxt"), """
                backend: "square"
                max_batch_size: 0
                model_transaction_policy { decoupled: true }
                input [ { name: "IN" data_type: TYPE_INT32 dims: [ 1 ] } ]
                output [ { name: "OUT" data_type: TYPE_INT32 dims: [ 1 ] } ]
                model_warmup [ { name: "three responses"
                  inputs { key: "IN" value { data_type: TYPE_INT32 dims: [ 1 ] input_data_file: "three" } } } ]
                """);
        warmupFile("square", "three", int32s(1, 3));
        await(engine.load("square", ModelLoadOverrides.NONE));
        assertTrue(engine.isModelReady("square", ""));
        assertEquals(0, engine.statistics("square", "").getFirst().inference().success().count());
    }

    @Test
    void aFailingWarmupOnReloadKeepsThePreviousVersionServing() throws Exception {
        identity("echo", 1, 0, "");
        await(engine.load("echo", ModelLoadOverrides.NONE));
        Path config = dir.resolve("echo/config.pbtxt");
        Files.writeString(config, Files.readString(config) + """
                model_warmup [ { name: "w"
                  inputs { key: "INPUT0" value { data_type: TYPE_INT32 dims: [ 4 ] input_data_file: "absent" } } } ]
                """);
        assertTrue(loadFailure("echo").contains("cannot read input_data_file"));
        assertEquals("READY", entryOf("echo").state());
        assertEquals(4, await(engine.infer(EngineHarness.int32Request("echo", Map.of(), 1, 2, 3, 4))).outputs()
                .getFirst().bytes().getInt(12));
    }
}
