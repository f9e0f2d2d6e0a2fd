package io.infergate.engine;

import static io.infergate.engine.EngineHarness.failure;
import static io.infergate.engine.SequenceBatchingTest.step;
import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.ModelLoadOverrides;
import io.infergate.engine.api.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload of a sequence model keeps each running sequence on the version that holds its state. */
class SequenceReloadTest {
    @TempDir
    Path dir;

    @AutoClose
    private EngineHarness harness;
    private LocalEngine engine;

    /** dyna_sequence models: the sum of a sequence's inputs, plus its id at its end; idle after 60 s or 150 ms. */
    @BeforeEach
    void setUp() throws Exception {
        new TestRepository(dir)
                .model("dyna", SequenceBatchingTest.dyna("TYPE_UINT64", "oldest { }", 60_000_000, 1), 1)
                .model("dyna_idle", SequenceBatchingTest.dyna("TYPE_UINT64", "oldest { }", 150_000, 1), 1);
        harness = new EngineHarness(new EngineOptions(List.of(dir), ModelControlMode.EXPLICIT, List.of("*"), true, false));
        engine = harness.engine;
    }

    private int run(String model, long id, boolean start, boolean end, int value) throws Exception {
        return await(engine.infer(step(model, id, start, end, value))).outputs().getFirst().bytes().getInt(0);
    }

    @Test
    void aRunningSequenceKeepsItsStateAcrossReloads() throws Exception {
        assertEquals(5, run("dyna", 1000L, true, false, 5));
        await(engine.load("dyna", ModelLoadOverrides.NONE));
        assertEquals(8, run("dyna", 1000L, false, false, 3));
        await(engine.load("dyna", ModelLoadOverrides.NONE));
        assertEquals(9, run("dyna", 1000L, false, false, 1));
        assertEquals(9 + 2 + 1000, run("dyna", 1000L, false, true, 2));
    }

    @Test
    void aSequenceStartedAfterTheReloadRunsOnTheNewVersionBesideTheOldOnes() throws Exception {
        assertEquals(5, run("dyna", 1000L, true, false, 5));
        await(engine.load("dyna", ModelLoadOverrides.NONE));
        assertEquals(7, run("dyna", 2000L, true, false, 7));
        assertEquals(6, run("dyna", 1000L, false, false, 1));
        assertEquals(7 + 1 + 2000, run("dyna", 2000L, false, true, 1));
        assertEquals(6 + 1000, run("dyna", 1000L, false, true, 0));
    }

    @Test
    void aSequenceThatIdledOutOnTheReplacedVersionIsNotActiveAnyMore() throws Exception {
        assertEquals(5, run("dyna_idle", 1000L, true, false, 5));
        await(engine.load("dyna_idle", ModelLoadOverrides.NONE));
        Thread.sleep(1_000); // well past the 150 ms idle timeout: the replaced version has closed
        InferenceException e = failure(engine.infer(step("dyna_idle", 1000L, false, false, 1)));
        assertEquals(Status.INVALID_ARG, e.status());
        assertTrue(e.getMessage().startsWith("inference request for sequence 1000 to model 'dyna_idle' must specify the"
                + " START flag"), e.getMessage());
    }

    @Test
    void anUnloadDoesNotWaitForRunningSequencesToIdleOut() throws Exception {
        assertEquals(5, run("dyna", 1000L, true, false, 5));
        // the sequence would idle out after 60 s; the unload ends well before
        await(engine.unload("dyna", false), Duration.ofSeconds(30));
        assertEquals(Status.NOT_FOUND, failure(engine.infer(step("dyna", 1000L, false, false, 1))).status());
    }
}
