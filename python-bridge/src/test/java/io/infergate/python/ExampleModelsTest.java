package io.infergate.python;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.tensor.BytesElements;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Python models of examples/model_repository, served by the engine. */
class ExampleModelsTest {
    @RegisterExtension
    static final PythonEngine python = new PythonEngine();

    @BeforeAll
    static void start() throws Exception {
        for (String name : List.of("python_identity", "python_string_identity", "python_add_sub", "python_repeat")) {
            python.example(name).load(name);
        }
    }

    @Test
    void identityReturnsAFourMebibyteTensorUnchanged() throws Exception {
        float[] values = new float[1 << 20];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f - 7;
        }
        InferenceResponse response = python.infer("python_identity", Map.of(),
                Tensors.fp32("INPUT0", new long[] {1, values.length}, values));
        assertArrayEquals(new long[] {1, values.length}, response.outputs().getFirst().shape());
        assertArrayEquals(values, Tensors.floats(response.outputs().getFirst()));
    }

    @Test
    void stringIdentityReturnsItsInput() throws Exception {
        InferenceResponse response = python.infer("python_string_identity", Map.of(),
                Tensors.strings("INPUT0", "hello", "", "wörld"));
        assertArrayEquals(new String[] {"hello", "", "wörld"},
                BytesElements.toStrings(response.outputs().getFirst().bytes()));
    }

    @Test
    void addSubAddsAndSubtractsWithNumpy() throws Exception {
        long[] shape = {1, 16};
        int[] a = new int[16];
        int[] b = new int[16];
        int[] sums = new int[16];
        int[] differences = new int[16];
        for (int i = 0; i < 16; i++) {
            a[i] = i * 3 - 7;
            b[i] = 100 - i;
            sums[i] = a[i] + b[i];
            differences[i] = a[i] - b[i];
        }
        InferenceResponse response = python.infer("python_add_sub", Map.of(),
                Tensors.int32("INPUT0", shape, a), Tensors.int32("INPUT1", shape, b));
        assertArrayEquals(shape, response.outputs().get(0).shape());
        assertArrayEquals(sums, Tensors.ints(response.outputs().get(0)));
        assertArrayEquals(differences, Tensors.ints(response.outputs().get(1)));
    }

    @Test
    void repeatAnswersOncePerValueFromItsOwnThread() throws Exception {
        List<Object> answers = python.stream("python_repeat", Tensors.int32("IN", new long[] {3}, 7, 8, 9),
                Tensors.uint32("DELAY", new long[] {3}, 1, 1, 1));
        assertEquals(3, answers.size());
        for (int i = 0; i < 3; i++) {
            InferenceResponse response = assertInstanceOf(InferenceResponse.class, answers.get(i));
            assertArrayEquals(new int[] {7 + i}, Tensors.ints(response.outputs().get(0)));
            assertArrayEquals(new int[] {i}, Tensors.ints(response.outputs().get(1)));
        }
    }
}
