package io.infergate.engine.backend.onnx;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.engine.EngineHarness;
import io.infergate.engine.TestRepository;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.backend.onnx.TinyOnnx.Node;
import io.infergate.engine.backend.onnx.TinyOnnx.Value;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests of different lengths batched together through a ragged input and a batch input. */
class RaggedBatchingTest {
    @TempDir
    Path dir;

    @Test
    void raggedRequestsAreJoinedFlatAndTheModelSeesAccumulatedCounts() throws Exception {
        new TestRepository(dir).model("ragged", """
                platform: "onnxruntime_onnx"
                max_batch_size: 8
                input [ { name: "INPUT" data_type: TYPE_FP32 dims: [ -1 ] allow_ragged_batch: true } ]
                batch_input [ { kind: BATCH_ACCUMULATED_ELEMENT_COUNT target_name: "INDEX"
                                data_type: TYPE_FP32 source_input: "INPUT" } ]
                output [ { name: "OUT" data_type: TYPE_FP32 dims: [ 1 ] reshape { shape: [ ] } } ]
                dynamic_batching { max_queue_delay_microseconds: 200000 }
                """, 1);
        Files.write(dir.resolve("ragged/1/model.onnx"), TinyOnnx.model(
                List.of(new Node("Identity", List.of("INDEX"), List.of("OUT"))),
                List.of(new Value("INPUT", DataType.FP32, -1), new Value("INDEX", DataType.FP32, -1)),
                List.of(new Value("OUT", DataType.FP32, -1))));
        try (EngineHarness harness = new EngineHarness(dir)) {
            List<Future<InferenceResponse>> futures = new ArrayList<>();
            await(harness.vertx.executeBlocking(() -> null).map(v -> {
                for (int length : new int[] {3, 4, 5}) {
                    futures.add(harness.engine.infer(request(length)));
                }
                return null;
            }));
            Set<Float> seen = new TreeSet<>();
            for (Future<InferenceResponse> future : futures) {
                Tensor out = await(future).outputs().getFirst();
                assertEquals(List.of(1L, 1L), List.of(out.shape()[0], out.shape()[1]));
                seen.add(out.bytes().getFloat(0));
            }
            assertEquals(Set.of(3f, 7f, 12f), seen);
            assertEquals(1, harness.statistics("ragged").executionCount());
        }
    }

    private static InferenceRequest request(int length) {
        ByteBuffer data = ByteBuffer.allocate(length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < length; i++) {
            data.putFloat(i);
        }
        Tensor input = new Tensor("INPUT", DataType.FP32, new long[] {1, length}, data.flip());
        return new InferenceRequest("", "ragged", "", List.of(input), List.of(), Map.of());
    }
}
