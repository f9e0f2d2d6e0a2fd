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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ONNX accumulator whose running sum is implicit state, batched across sequences. */
class ImplicitStateTest {
    @TempDir
    Path dir;

    private static InferenceRequest step(long id, boolean start, int value) {
        ByteBuffer data = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value);
        return new InferenceRequest("", "accumulate", "", List.of(new Tensor("INPUT", DataType.INT32,
                new long[] {1, 1}, data)), List.of(), Map.of("sequence_id", id, "sequence_start", start));
    }

    @Test
    void stateStartsFromItsDataFileAndFollowsEachSequenceThroughSharedBatches() throws Exception {
        // OUTPUT = INPUT + STATE_IN; STATE_OUT = OUTPUT
        TinyOnnx.write(dir.resolve("accumulate/1"), TinyOnnx.model(
                List.of(new Node("Add", List.of("INPUT", "STATE_IN"), List.of("OUTPUT")),
                        new Node("Identity", List.of("OUTPUT"), List.of("STATE_OUT"))),
                List.of(new Value("INPUT", DataType.INT32, -1, 1), new Value("STATE_IN", DataType.INT32, -1, 1)),
                List.of(new Value("OUTPUT", DataType.INT32, -1, 1), new Value("STATE_OUT", DataType.INT32, -1, 1))));
        Files.createDirectories(dir.resolve("accumulate/initial_state"));
        Files.write(dir.resolve("accumulate/initial_state/hundred"), new byte[] {100, 0, 0, 0});
        new TestRepository(dir).model("accumulate", """
                backend: "onnxruntime"
                max_batch_size: 4
                sequence_batching {
                  oldest { max_queue_delay_microseconds: 5000 }
                  state [ { input_name: "STATE_IN" output_name: "STATE_OUT" data_type: TYPE_INT32 dims: [ 1 ]
                            initial_state { name: "hundred" data_type: TYPE_INT32 dims: [ 1 ] data_file: "hundred" } } ]
                }
                input [ { name: "INPUT" data_type: TYPE_INT32 dims: [ 1 ] } ]
                output [ { name: "OUTPUT" data_type: TYPE_INT32 dims: [ 1 ] } ]
                """);
        try (EngineHarness harness = new EngineHarness(dir)) {
            assertEquals(1, harness.engine.metadata("accumulate", "").outputs().size(), "STATE_OUT stays hidden");
            List<Future<InferenceResponse>> last = new ArrayList<>();
            for (long id = 1; id <= 8; id++) {
                for (int i = 0; i < 4; i++) {
                    Future<InferenceResponse> answer = harness.engine.infer(step(id, i == 0, (int) id));
                    if (i == 3) {
                        last.add(answer);
                    }
                }
            }
            for (int id = 1; id <= 8; id++) {
                assertEquals(100 + 4 * id, await(last.get(id - 1)).outputs().getFirst().bytes().getInt(0), "sequence " + id);
            }
            assertEquals(32, harness.statistics("accumulate").inferenceCount());
        }
    }
}
