package io.infergate.engine;

import static io.infergate.engine.EngineHarness.failure;
import static io.infergate.testsupport.Await.await;
import static io.infergate.testsupport.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelLoadOverrides;
import io.infergate.engine.api.Status;
import io.infergate.engine.lifecycle.ModelLifecycle;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloads and unloads of a model that is serving: what the requests and the index see. */
class ModelReloadTest {
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

    private void startExplicit() throws Exception {
        harness = new EngineHarness(new EngineOptions(List.of(dir), ModelControlMode.EXPLICIT, List.of("*"), true, false));
        engine = harness.engine;
    }

    private Future<InferenceResponse> infer(String model) {
        return engine.infer(EngineHarness.int32Request(model, Map.of(), 7));
    }

    private List<ModelIndexEntry> entriesOf(String model) {
        return engine.index(false).stream().filter(e -> e.name().equals(model)).toList();
    }

    @Test
    void reloadsWhileRequestsAreInFlightFailNone() throws Exception {
        repository.identity("echo", "TYPE_INT32", 2, 1);
        startExplicit();
        Clients clients = new Clients();
        for (int i = 0; i < 8; i++) {
            harness.vertx.runOnContext(v -> clients.keepAsking());
        }
        for (int reload = 0; reload < 10; reload++) {
            await(engine.load("echo", ModelLoadOverrides.NONE));
        }
        clients.running.set(false);
        eventually("every client had its last answer", () -> clients.active.get() == 0);
        assertEquals(List.of(), List.copyOf(clients.failures));
        assertTrue(clients.answered.get() > 0);
    }

    /** Clients that each send a new request as soon as their last one is answered, until told to stop. */
    private final class Clients {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

        void keepAsking() {
            active.incrementAndGet();
            ask();
        }

        private void ask() {
            infer("echo").onComplete(done -> {
                if (done.succeeded()) {
                    answered.incrementAndGet();
                } else {
                    failures.add(done.cause());
                }
                if (running.get()) {
                    ask();
                } else {
                    active.decrementAndGet();
                }
            });
        }
    }

    @Test
    void eachLoadRecordsHowLongTheVersionTookToBecomeReady() throws Exception {
        repository.identity("echo", "TYPE_INT32", 0, 1);
        startExplicit();
        long first = engine.statistics("echo", "").getFirst().loadNanos();
        assertTrue(first > 0, "load time " + first);
        await(engine.load("echo", ModelLoadOverrides.NONE));
        assertTrue(engine.statistics("echo", "").getFirst().loadNanos() > 0);
    }

    @Test
    void unloadFinishesInFlightRequestsAndRefusesNewOnesAsUnavailable() throws Exception {
        repository.identity("slow", "TYPE_INT32", 3000, 1); // long enough to be seen unloading on a busy machine
        startExplicit();
        Future<InferenceResponse> inFlight = infer("slow");
        eventually("the request reached the model", () -> engine.statistics("slow", "").getFirst().pendingRequests() == 1);
        Future<Void> unloaded = engine.unload("slow", false);
        eventually("the model is unloading", () -> entriesOf("slow").getFirst().state().equals("UNLOADING"));
        InferenceException refused = failure(infer("slow"));
        assertEquals(Status.UNAVAILABLE, refused.status());
        assertEquals("model 'slow' is unloading", refused.getMessage());
        assertEquals(7, await(inFlight).outputs().getFirst().bytes().getInt(0));
        await(unloaded);
        assertEquals(Status.NOT_FOUND, failure(infer("slow")).status());
    }

    @Test
    void failedReloadShowsItsReasonOnTheVersionThatKeepsServing() throws Exception {
        repository.identity("echo", "TYPE_INT32", 0, 1);
        startExplicit();
        Files.writeString(dir.resolve("echo/config.pbtxt"), "backend: \"identity\" max_batch_size: {");
        InferenceException e = failure(engine.load("echo", ModelLoadOverrides.NONE));
        assertTrue(e.getMessage().contains("config.pbtxt"), e.getMessage());
        ModelIndexEntry entry = entriesOf("echo").getFirst();
        assertEquals("READY", entry.state());
        assertTrue(entry.reason().startsWith(ModelLifecycle.RELOAD_FAILED), entry.reason());
        assertTrue(entry.reason().contains("config.pbtxt"), entry.reason());
        assertEquals(7, await(infer("echo")).outputs().getFirst().bytes().getInt(0));
    }

    @Test
    void explicitLoadOfAChangedConfigServesTheNewConfig() throws Exception {
        repository.identity("echo", "TYPE_INT32", 0, 1);
        startExplicit();
        Files.writeString(dir.resolve("echo/config.pbtxt"),
                Files.readString(dir.resolve("echo/config.pbtxt")).replace("max_batch_size: 8", "max_batch_size: 4"));
        await(engine.load("echo", ModelLoadOverrides.NONE));
        assertEquals(4, engine.config("echo", "").getMaxBatchSize());
        assertEquals(7, await(infer("echo")).outputs().getFirst().bytes().getInt(0));
    }

    @Test
    void aVersionPolicyChangeUnloadsTheVersionsThatLeaveItAndLoadsThoseThatEnter() throws Exception {
        repository.identity("echo", "TYPE_INT32", 0, 1, 2, 3);
        Path config = dir.resolve("echo/config.pbtxt");
        Files.writeString(config, Files.readString(config).replace("all { }", "specific { versions: [1, 2] }"));
        startExplicit();
        assertTrue(engine.isModelReady("echo", "1") && engine.isModelReady("echo", "2"));
        Files.writeString(config, Files.readString(config).replace("specific { versions: [1, 2] }",
                "latest { num_versions: 1 }"));
        await(engine.load("echo", ModelLoadOverrides.NONE));
        assertFalse(engine.isModelReady("echo", "1"));
        assertFalse(engine.isModelReady("echo", "2"));
        assertEquals("3", await(infer("echo")).modelVersion());
    }
}
