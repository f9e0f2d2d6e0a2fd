package io.infergate.python;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.config.proto.ModelConfigProto.DataType;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.api.InferenceResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TritonPythonModel.auto_complete_config fills in what the configuration leaves out, with Triton's API. */
class AutoCompleteTest {
    private static final String DOUBLER = """
            import triton_python_backend_utils as pb_utils

            class TritonPythonModel:
                @staticmethod
                def auto_complete_config(auto_complete_model_config):
                    auto_complete_model_config.add_input({"name": "X", "data_type": "TYPE_FP32", "dims": [2]})
                    auto_complete_model_config.add_output({"name": "Y", "data_type": "FP32", "dims": [2]})
                    auto_complete_model_config.set_max_batch_size(8)
                    auto_complete_model_config.set_dynamic_batching()
                    return auto_complete_model_config

                def execute(self, requests):
                    x = pb_utils.get_input_tensor_by_name(requests[0], "X")
                    values = [[2 * v for v in row] for row in x.as_list()]
                    return [pb_utils.InferenceResponse([pb_utils.Tensor.from_list("Y", values, "FP32")])]
            """;

    @RegisterExtension
    static final PythonEngine python = new PythonEngine();

    @Test
    void modelWithoutConfigFileGetsInputsOutputsAndBatchingFromPython() throws Exception {
        Path version = Files.createDirectories(python.repository.resolve("doubler/1"));
        Files.writeString(version.resolve("model.py"), DOUBLER);
        python.load("doubler");

        ModelConfig config = python.engine.config("doubler", "");
        assertEquals("python", config.getBackend());
        assertEquals(8, config.getMaxBatchSize());
        assertTrue(config.hasDynamicBatching());
        assertEquals("X", config.getInput(0).getName());
        assertEquals(DataType.TYPE_FP32, config.getInput(0).getDataType());
        assertEquals(List.of(2L), config.getInput(0).getDimsList());
        assertEquals(DataType.TYPE_FP32, config.getOutput(0).getDataType());
        InferenceResponse response = python.infer("doubler", Map.of(), Tensors.fp32("X", new long[] {1, 2}, 1.5f, -2));
        assertArrayEquals(new float[] {3, -4}, Tensors.floats(response.outputs().getFirst()));
    }

    @Test
    void partialConfigKeepsWhatItSaysAndGetsTheRest() throws Exception {
        python.model("partial", """
                backend: "python"
                input [ { name: "X", data_type: TYPE_FP32, dims: [ 2 ] } ]
                max_batch_size: 8
                """, DOUBLER).load("partial");
        ModelConfig config = python.engine.config("partial", "");
        assertEquals(1, config.getInputCount());
        assertEquals("Y", config.getOutput(0).getName());
    }

    @Test
    void conflictWithTheConfigFailsTheLoadWithTheReason() throws Exception {
        python.model("conflict", """
                backend: "python"
                max_batch_size: 4
                """, DOUBLER);
        String reason = python.loadFailure("conflict");
        assertTrue(reason.contains("auto_complete_config") && reason.contains("max_batch_size 4"), reason);
    }

    @Test
    void conflictingInputTypeFailsTheLoad() throws Exception {
        python.model("wrong_type", """
                backend: "python"
                input [ { name: "X", data_type: TYPE_INT32, dims: [ 2 ] } ]
                """, DOUBLER);
        String reason = python.loadFailure("wrong_type");
        assertTrue(reason.contains("'X' has data_type TYPE_INT32"), reason);
    }
}
