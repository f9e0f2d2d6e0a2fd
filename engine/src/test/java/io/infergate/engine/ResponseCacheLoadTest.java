package io.infergate.engine;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.model.ModelRecord;
import io.infergate.engine.repository.spi.LocalModelRepository;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which models may use the response cache, and what a model gets when the server has none. */
class ResponseCacheLoadTest {
    private static final String IDENTITY = """
            backend: "identity"
            max_batch_size: 8
            input [ { name: "INPUT0" data_type: TYPE_INT32 dims: [ -1 ] } ]
            output [ { name: "OUTPUT0" data_type: TYPE_INT32 dims: [ -1 ] } ]
            response_cache { enable: true }
            """;

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private LocalEngine engine;

    @AfterEach
    void stop() {
        await(engine.close());
        await(vertx.close());
    }

    private void start(long cacheBytes) {
        engine = await(LocalEngine.start(vertx, new EngineOptions(LocalModelRepository.all(List.of(dir)),
                ModelControlMode.NONE, List.of(),
                true, false, EngineOptions.DEFAULT_POLL_INTERVAL, cacheBytes, RateLimitOptions.OFF)));
    }

    private ModelIndexEntry entry(String model) {
        return engine.index(false).stream().filter(e -> e.name().equals(model)).findFirst().orElseThrow();
    }

    @Test
    void aDecoupledModelWithTheCacheIsRefusedAndTheOthersServe() {
        new TestRepository(dir).model("decoupled", IDENTITY + "model_transaction_policy { decoupled: true }\n", 1)
                .model("plain", IDENTITY, 1);
        start(1 << 20);

        ModelIndexEntry refused = entry("decoupled");
        assertEquals(ModelRecord.UNAVAILABLE, refused.state());
        assertTrue(refused.reason().contains("response_cache cannot be enabled for a decoupled model"),
                refused.reason());
        assertEquals(ModelRecord.READY, entry("plain").state());
    }

    @Test
    void aSequenceModelWithTheCacheIsRefused() {
        new TestRepository(dir).model("sequence", IDENTITY + "sequence_batching { }\n", 1);
        start(1 << 20);

        ModelIndexEntry refused = entry("sequence");
        assertEquals(ModelRecord.UNAVAILABLE, refused.state());
        assertTrue(refused.reason().contains("response_cache cannot be enabled for a model with sequence_batching"),
                refused.reason());
    }

    @Test
    void aModelEnablingTheCacheOnAServerWithoutOneComputesEveryRequest() {
        new TestRepository(dir).model("plain", IDENTITY, 1);
        start(0);

        await(engine.infer(EngineHarness.int32Request("plain", Map.of(), 1, 2)));
        await(engine.infer(EngineHarness.int32Request("plain", Map.of(), 1, 2)));

        ModelStatistics stats = engine.statistics("plain", "").getFirst();
        assertEquals(2, stats.executionCount());
        assertEquals(0, stats.inference().cacheHit().count());
        assertEquals(0, stats.inference().cacheMiss().count());
    }

    @Test
    void withTheServersCacheTheSecondIdenticalRequestRunsNothing() {
        new TestRepository(dir).model("plain", IDENTITY, 1);
        start(1 << 20);

        await(engine.infer(EngineHarness.int32Request("plain", Map.of(), 1, 2)));
        await(engine.infer(EngineHarness.int32Request("plain", Map.of(), 1, 2)));

        ModelStatistics stats = engine.statistics("plain", "").getFirst();
        assertEquals(1, stats.executionCount());
        assertEquals(1, stats.inferenceCount());
        assertEquals(1, stats.inference().cacheHit().count());
        assertEquals(1, stats.inference().cacheMiss().count());
        assertEquals(2, stats.inference().success().count());
        assertEquals(0, stats.pendingRequests());
    }
}
