package io.infergate.engine;

import static io.infergate.testsupport.Await.await;
import static io.infergate.engine.EngineHarness.failure;
import static io.infergate.engine.EngineHarness.int32Request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.Cancellation;
import io.infergate.engine.api.ConcurrentSink;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.Status;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A caller waiting on a thread of its own gets a plain model's answer from the thread that computed it. */
class ConcurrentSinkTest {
    @TempDir
    Path dir;

    /** Remembers the answer and the thread it arrived on. */
    private static final class WaitingCaller implements ConcurrentSink {
        final Promise<InferenceResponse> answer = Promise.promise();
        final boolean waits;
        volatile String answeredOn;
        private InferenceResponse response;

        WaitingCaller(boolean waits) {
            this.waits = waits;
        }

        @Override
        public boolean callerWaits() {
            return waits;
        }

        @Override
        public void response(InferenceResponse response) {
            this.response = response;
        }

        @Override
        public void complete() {
            answeredOn = Thread.currentThread().getName();
            answer.complete(response);
        }

        @Override
        public void fail(InferenceException error) {
            answer.fail(error);
        }
    }

    private EngineHarness start() throws Exception {
        new TestRepository(dir).model("m", """
                backend: "identity"
                max_batch_size: 8
                input [ { name: "INPUT0" data_type: TYPE_INT32 dims: [ -1 ] } ]
                output [ { name: "OUTPUT0" data_type: TYPE_INT32 dims: [ -1 ] } ]
                dynamic_batching { priority_levels: 2 default_priority_level: 1 }
                """, 1);
        return new EngineHarness(dir);
    }

    @Test
    void answerArrivesFromTheModelsWorkerNotAnEventLoop() throws Exception {
        try (EngineHarness harness = start()) {
            WaitingCaller caller = new WaitingCaller(false);
            harness.engine.inferStream(int32Request("m", Map.of(), 4, 5), Cancellation.NONE, caller);
            InferenceResponse response = await(caller.answer.future());
            assertEquals(2, response.outputs().getFirst().elementCount());
            assertTrue(caller.answeredOn.startsWith("infergate-m-"), caller.answeredOn);
        }
    }

    @Test
    void callerThatOnlyWaitsComputesTheAnswerOnItsOwnThread() throws Exception {
        try (EngineHarness harness = start()) {
            WaitingCaller caller = new WaitingCaller(true);
            harness.engine.inferStream(int32Request("m", Map.of(), 4, 5), Cancellation.NONE, caller);
            assertEquals(Thread.currentThread().getName(), caller.answeredOn);
            assertEquals(2, await(caller.answer.future()).outputs().getFirst().elementCount());
        }
    }

    @Test
    void schedulerRefusalReachesTheSink() throws Exception {
        try (EngineHarness harness = start()) {
            WaitingCaller caller = new WaitingCaller(false);
            harness.engine.inferStream(int32Request("m", Map.of("priority", 3), 1), Cancellation.NONE, caller);
            assertEquals(Status.INVALID_ARG, failure(caller.answer.future()).status());
            assertEquals(1, harness.statistics("m").failures().other());
        }
    }
}
