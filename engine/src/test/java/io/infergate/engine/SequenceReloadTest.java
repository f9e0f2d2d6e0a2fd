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
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload of a sequence model keeps each running sequence on the version that holds its state. */
class SequenceReloadTest {
    @TempDir
    Path dir;

    private Vertx vertx;
    private LocalEngine engine;

    @BeforeEach
    void setUp() throws Exception {
        TestRepository repository = new TestRepository(dir);
        repository.model("dyna", dyna(60_000_000), 1).model("dyna_idle", dyna(150_000), 1);
        vertx = Vertx.vertx();
        engine = await(LocalEngine.start(vertx,
                new EngineOptions(List.of(dir), ModelControlMode.EXPLICIT, List.of("*"), true, false)));
    }

    @AfterEach
    void tearDown() throws Exception {
        await(engine.close());
        await(vertx.close());
    }

    /** The built-in dyna_sequence backend: the sum of a sequence's inputs, plus its id at its end. */
    private static String dyna(long idleMicros) {
        return """
                backend: "dyna_sequence"
                max_batch_size: 8
                sequence_batching {
                  max_sequence_idle_microseconds: %d
                  oldest { max_candidate_sequences: 8 }
                  control_input [
                    { name: "START" control [ { kind: CONTROL_SEQUENCE_START int32_false_true: [ 0, 1 ] } ] },
                    { name: "END" control [ { kind: CONTROL_SEQUENCE_END int32_false_true: [ 0, 1 ] } ] },
                    { name: "READY" control [ { kind: CONTROL_SEQUENCE_READY int32_false_true: [ 0, 1 ] } ] },
                    { name: "CORRID" control [ { kind: CONTROL_SEQUENCE_CORRID data_type: TYPE_UINT64 } ] }
                  ]
                }
                input [ { name: "INPUT" data_type: TYPE_INT32 dims: [ 1 ] } ]
                output [ { name: "OUTPUT" data_type: TYPE_INT32 dims: [ 1 ] } ]
                """.formatted(idleMicros);
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
        assertTrue(e.getMessage().startsWith("sequence 1000 of model 'dyna_idle' is not active"), e.getMessage());
    }

    @Test
    void anUnloadDoesNotWaitForRunningSequencesToIdleOut() throws Exception {
        assertEquals(5, run("dyna", 1000L, true, false, 5));
        // the sequence would idle out after 60 s; the unload ends well before
        await(engine.unload("dyna", false), Duration.ofSeconds(30));
        assertEquals(Status.NOT_FOUND, failure(engine.infer(step("dyna", 1000L, false, false, 1))).status());
    }
}
