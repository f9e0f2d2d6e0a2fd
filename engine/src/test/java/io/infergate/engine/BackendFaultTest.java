package io.infergate.engine;

import static io.infergate.testsupport.Await.await;
import static io.infergate.engine.EngineHarness.failure;
import static io.infergate.engine.EngineHarness.int32Request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.backend.Backend;
import io.infergate.engine.backend.BackendRegistry;
import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.ModelSpec;
import io.infergate.engine.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backend that fails one execution fails only that execution's requests. */
class BackendFaultTest {
    /** Echoes INPUT0 as OUTPUT0, and throws when its first element is negative: a fault injector. */
    static final class FaultyBackend implements Backend {
        @Override
        public String name() {
            return "faulty";
        }

        @Override
        public ModelInstance createInstance(ModelSpec model, int instanceIndex) {
            return new ModelInstance() {
                @Override
                public List<Tensor> execute(Execution execution) {
                    Tensor input = execution.inputs().getFirst();
                    if (input.bytes().getInt(0) < 0) {
                        throw new IllegalStateException("faulty backend refuses negative numbers");
                    }
                    return List.of(input.withNameAndShape("OUTPUT0", input.shape()));
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @TempDir
    Path dir;

    @Test
    void failingExecutionFailsItsRequestWithTheBackendMessageAndTheModelStaysReady() throws Exception {
        new TestRepository(dir).model("m", """
                backend: "faulty"
                max_batch_size: 8
                input [ { name: "INPUT0" data_type: TYPE_INT32 dims: [ -1 ] } ]
                output [ { name: "OUTPUT0" data_type: TYPE_INT32 dims: [ -1 ] } ]
                """, 1);
        try (EngineHarness harness = new EngineHarness(dir, new BackendRegistry(List.of(new FaultyBackend())))) {
            InferenceException e = failure(harness.engine.infer(int32Request("m", Map.of(), -1)));
            assertTrue(e.getMessage().contains("refuses negative numbers"), e.getMessage());
            assertEquals(7, await(harness.engine.infer(int32Request("m", Map.of(), 7))).outputs().getFirst()
                    .bytes().getInt(0));
            assertTrue(harness.engine.isModelReady("m", ""));
            assertEquals(1, harness.statistics("m").failures().backend());
        }
    }
}
