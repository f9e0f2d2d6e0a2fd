package io.infergate.engine;

import static io.infergate.testsupport.Await.await;
import static io.infergate.engine.EngineHarness.int32Request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.api.ModelStatistics.BatchStatistics;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynamicBatchingTest {
    @TempDir
    Path dir;

    private static String identity(String type, int delayMs, String batching) {
        return """
                backend: "identity"
                max_batch_size: 8
                input [ { name: "INPUT0" data_type: %s dims: [ -1 ] } ]
                output [ { name: "OUTPUT0" data_type: %s dims: [ -1 ] } ]
                parameters { key: "execute_delay_ms" value { string_value: "%d" } }
                %s
                """.formatted(type, type, delayMs, batching);
    }

    private EngineHarness start(String config) throws Exception {
        new TestRepository(dir).model("m", config, 1);
        return new EngineHarness(dir);
    }

    private static List<InferenceResponse> sendAll(EngineHarness harness, List<InferenceRequest> requests)
            throws Exception {
        Promise<List<Future<InferenceResponse>>> sent = Promise.promise();
        harness.vertx.runOnContext(v -> sent.complete(requests.stream().map(harness.engine::infer).toList()));
        List<InferenceResponse> responses = new ArrayList<>();
        for (Future<InferenceResponse> future : await(sent.future())) {
            responses.add(await(future));
        }
        return responses;
    }

    private static List<InferenceRequest> numbered(int count) {
        List<InferenceRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(int32Request("m", Map.of(), i, i * 10));
        }
        return requests;
    }

    private static long largestBatch(ModelStatistics stats) {
        return stats.batches().stream().mapToLong(BatchStatistics::batchSize).max().orElse(0);
    }

    @Test
    void concurrentRequestsAreMergedAndEachGetsItsOwnAnswer() throws Exception {
        try (EngineHarness harness = start(identity("TYPE_INT32", 50,
                "dynamic_batching { max_queue_delay_microseconds: 20000 }"))) {
            List<InferenceResponse> responses = sendAll(harness, numbered(8));
            for (int i = 0; i < 8; i++) {
                Tensor out = responses.get(i).outputs().getFirst();
                assertArrayEquals(new long[] {1, 2}, out.shape());
                assertEquals(i * 10, out.bytes().getInt(4));
            }
            ModelStatistics stats = harness.statistics("m");
            assertTrue(stats.executionCount() < 8, "executions: " + stats.executionCount());
            assertEquals(8, stats.inferenceCount());
            assertEquals(8, stats.inference().success().count());
        }
    }

    @Test
    void batchStatisticsAddUpToTheExecutionCount() throws Exception {
        try (EngineHarness harness = start(identity("TYPE_INT32", 20,
                "dynamic_batching { max_queue_delay_microseconds: 10000 }"))) {
            sendAll(harness, numbered(20));
            ModelStatistics stats = harness.statistics("m");
            long executions = stats.batches().stream().mapToLong(b -> b.computeInfer().count()).sum();
            long inferences = stats.batches().stream().mapToLong(b -> b.batchSize() * b.computeInfer().count()).sum();
            assertEquals(stats.executionCount(), executions);
            assertEquals(20, inferences);
        }
    }

    @Test
    void preferredBatchSizeIsFormedWhenAvailable() throws Exception {
        try (EngineHarness harness = start(identity("TYPE_INT32", 0,
                "dynamic_batching { preferred_batch_size: [ 4 ] max_queue_delay_microseconds: 2000000 }"))) {
            sendAll(harness, numbered(4));
            ModelStatistics stats = harness.statistics("m");
            assertEquals(1, stats.executionCount());
            assertEquals(4, largestBatch(stats));
        }
    }

    @Test
    void withoutDynamicBatchingEveryRequestRunsAlone() throws Exception {
        try (EngineHarness harness = start(identity("TYPE_INT32", 10, ""))) {
            sendAll(harness, numbered(6));
            assertEquals(6, harness.statistics("m").executionCount());
            assertEquals(1, largestBatch(harness.statistics("m")));
        }
    }

    @Test
    void requestsWithDifferentShapesAreNotMerged() throws Exception {
        try (EngineHarness harness = start(identity("TYPE_INT32", 30,
                "dynamic_batching { max_queue_delay_microseconds: 20000 }"))) {
            List<InferenceRequest> requests = List.of(int32Request("m", Map.of(), 1, 2), int32Request("m", Map.of(), 1, 2, 3),
                    int32Request("m", Map.of(), 4, 5, 6, 7));
            List<InferenceResponse> responses = sendAll(harness, requests);
            assertEquals(3, responses.get(1).outputs().getFirst().shape()[1]);
            assertEquals(3, harness.statistics("m").executionCount());
        }
    }

    @Test
    void bytesTensorsAreSplitBackPerRequest() throws Exception {
        try (EngineHarness harness = start(identity("TYPE_STRING", 30,
                "dynamic_batching { max_queue_delay_microseconds: 20000 }"))) {
            List<InferenceRequest> requests = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Tensor input = new Tensor("INPUT0", DataType.BYTES, new long[] {1, 2},
                        BytesElements.fromStrings("r" + i, "x".repeat(i)));
                requests.add(new InferenceRequest("", "m", "", List.of(input), List.of(), Map.of()));
            }
            List<InferenceResponse> responses = sendAll(harness, requests);
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(new String[] {"r" + i, "x".repeat(i)},
                        BytesElements.toStrings(responses.get(i).outputs().getFirst().data()));
            }
            assertTrue(harness.statistics("m").executionCount() < 4);
        }
    }
}
