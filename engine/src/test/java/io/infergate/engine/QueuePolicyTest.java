package io.infergate.engine;

import static io.infergate.engine.EngineHarness.failure;
import static io.infergate.engine.EngineHarness.int32Request;
import static io.infergate.testsupport.Await.await;
import static io.infergate.testsupport.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.Status;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Priorities, queue limits, timeouts and cancellation of queued requests. */
class QueuePolicyTest {
    @TempDir
    Path dir;

    /** One identity instance that takes {@code delayMs} per execution, so later requests queue. */
    private EngineHarness start(int delayMs, String batching) throws Exception {
        new TestRepository(dir).model("m", """
                backend: "identity"
                max_batch_size: 8
                input [ { name: "INPUT0" data_type: TYPE_INT32 dims: [ -1 ] } ]
                output [ { name: "OUTPUT0" data_type: TYPE_INT32 dims: [ -1 ] } ]
                parameters { key: "execute_delay_ms" value { string_value: "%d" } }
                dynamic_batching { %s }
                """.formatted(delayMs, batching), 1);
        return new EngineHarness(dir);
    }

    /**
     * Starts a request on the engine's event loop and waits until the scheduler holds it (or it
     * is already answered), so the next request surely arrives after it.
     */
    private static Future<InferenceResponse> submit(EngineHarness harness, Map<String, Object> parameters,
            Cancellation cancellation, int... values) throws Exception {
        long before = harness.statistics("m").pendingRequests();
        Future<InferenceResponse> future = await(harness.vertx.executeBlocking(() -> null)
                .map(v -> harness.engine.infer(int32Request("m", parameters, values), cancellation)));
        eventually("the scheduler holds the request",
                () -> future.isComplete() || harness.statistics("m").pendingRequests() > before);
        return future;
    }

    private static Future<InferenceResponse> submit(EngineHarness harness, Map<String, Object> parameters,
            int... values) throws Exception {
        return submit(harness, parameters, Cancellation.NONE, values);
    }

    @Test
    void requestsBeyondMaxQueueSizeAreUnavailable() throws Exception {
        try (EngineHarness harness = start(300, "default_queue_policy { max_queue_size: 1 }")) {
            Future<InferenceResponse> running = submit(harness, Map.of(), 1);
            Future<InferenceResponse> queued = submit(harness, Map.of(), 2);
            InferenceException e = failure(submit(harness, Map.of(), 3));
            assertEquals(Status.UNAVAILABLE, e.status());
            assertTrue(e.getMessage().contains("Exceeds maximum queue size"), e.getMessage());
            await(running);
            await(queued);
            assertEquals(1, harness.statistics("m").failures().rejected());
        }
    }

    @Test
    void queuedRequestPastItsTimeoutIsRejectedAndNeverComputed() throws Exception {
        try (EngineHarness harness = start(300, "default_queue_policy { default_timeout_microseconds: 50000 }")) {
            Future<InferenceResponse> running = submit(harness, Map.of(), 1);
            InferenceException e = failure(submit(harness, Map.of(), 2));
            assertEquals(Status.UNAVAILABLE, e.status());
            assertTrue(e.getMessage().contains("timeout"), e.getMessage());
            await(running);
            assertEquals(1, harness.statistics("m").executionCount());
        }
    }

    @Test
    void requestTimeoutParameterOverridesWhenAllowed() throws Exception {
        try (EngineHarness harness = start(300, "default_queue_policy { allow_timeout_override: true }")) {
            Future<InferenceResponse> running = submit(harness, Map.of(), 1);
            assertEquals(Status.UNAVAILABLE, failure(submit(harness, Map.of("timeout", 50_000), 2)).status());
            await(running);
        }
    }

    @Test
    void delayedRequestIsStillServedAfterItsTimeout() throws Exception {
        try (EngineHarness harness = start(200,
                "default_queue_policy { default_timeout_microseconds: 20000 timeout_action: DELAY }")) {
            Future<InferenceResponse> running = submit(harness, Map.of(), 1);
            Future<InferenceResponse> delayed = submit(harness, Map.of(), 2);
            await(running);
            assertEquals(2, await(delayed).outputs().getFirst().bytes().getInt(0));
        }
    }

    @Test
    void higherPriorityIsServedFirst() throws Exception {
        try (EngineHarness harness = start(500, "priority_levels: 2 default_priority_level: 2")) {
            Future<InferenceResponse> running = submit(harness, Map.of(), 1);
            List<String> finished = new ArrayList<>();
            Future<InferenceResponse> low = submit(harness, Map.of("priority", 2), 1, 2);
            Future<InferenceResponse> high = submit(harness, Map.of("priority", 1), 1, 2, 3);
            low.onSuccess(r -> finished.add("low"));
            high.onSuccess(r -> finished.add("high"));
            await(running);
            await(low);
            await(high);
            assertEquals(List.of("high", "low"), finished);
        }
    }

    @Test
    void priorityAboveTheConfiguredLevelsIsInvalid() throws Exception {
        try (EngineHarness harness = start(0, "priority_levels: 2 default_priority_level: 1")) {
            assertEquals(Status.INVALID_ARG, failure(submit(harness, Map.of("priority", 3), 1)).status());
        }
    }

    @Test
    void negativeTimeoutIsInvalid() throws Exception {
        try (EngineHarness harness = start(0, "")) {
            assertEquals(Status.INVALID_ARG, failure(submit(harness, Map.of("timeout", -5), 1)).status());
        }
    }

    @Test
    void absurdTimeoutIsInvalid() throws Exception {
        try (EngineHarness harness = start(0, "")) {
            assertEquals(Status.INVALID_ARG, failure(submit(harness, Map.of("timeout", Long.MAX_VALUE), 1)).status());
        }
    }

    @Test
    void fractionalPriorityIsInvalid() throws Exception {
        try (EngineHarness harness = start(0, "priority_levels: 2")) {
            assertEquals(Status.INVALID_ARG, failure(submit(harness, Map.of("priority", 1.5), 1)).status());
        }
    }

    @Test
    void cancelledQueuedRequestIsAnsweredAndNeverComputed() throws Exception {
        try (EngineHarness harness = start(300, "")) {
            Future<InferenceResponse> running = submit(harness, Map.of(), 1);
            Cancellation cancellation = Cancellation.create();
            Future<InferenceResponse> queued = submit(harness, Map.of(), cancellation, 1, 2);
            cancellation.cancel();
            assertEquals(Status.CANCELLED, failure(queued).status());
            await(running);
            assertEquals(1, harness.statistics("m").executionCount());
            assertEquals(1, harness.statistics("m").failures().canceled());
            assertEquals(0, harness.statistics("m").pendingRequests());
        }
    }

    @Test
    void fullQueueUnderLoadAnswersQuicklyAndLeavesNothingPending() throws Exception {
        try (EngineHarness harness = start(50, "default_queue_policy { max_queue_size: 4 }")) {
            List<Future<InferenceResponse>> futures = new ArrayList<>();
            await(harness.vertx.executeBlocking(() -> null).map(v -> {
                for (int i = 0; i < 200; i++) {
                    futures.add(harness.engine.infer(int32Request("m", Map.of(), i)));
                }
                return null;
            }));
            await(Future.join(futures).otherwiseEmpty());
            int rejected = 0;
            for (Future<InferenceResponse> future : futures) {
                if (future.failed()) {
                    assertEquals(Status.UNAVAILABLE, ((InferenceException) future.cause()).status());
                    rejected++;
                }
            }
            assertTrue(rejected >= 100, "rejected " + rejected);
            assertEquals(0, harness.statistics("m").pendingRequests());
        }
    }
}
