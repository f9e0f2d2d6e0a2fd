package io.infergate.testkit.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.IntBuffer;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AddSubModelTest {
    private static final int[] A = IntStream.range(0, 32).toArray();
    private static final int[] B = IntStream.range(0, 32).map(i -> 100 - 3 * i).toArray();

    @Test
    void output0IsTheElementwiseSum() throws OrtException {
        assertArrayEquals(IntStream.range(0, 32).map(i -> A[i] + B[i]).toArray(), run("OUTPUT0"));
    }

    @Test
    void output1IsTheElementwiseDifference() throws OrtException {
        assertArrayEquals(IntStream.range(0, 32).map(i -> A[i] - B[i]).toArray(), run("OUTPUT1"));
    }

    @Test
    void batchDimensionIsSymbolic() throws OrtException {
        try (OrtSession session = Ort.session(TestModels.addSub(ElemType.INT32, OnnxModelBuilder.SYMBOLIC, 16))) {
            TensorInfo info = (TensorInfo) session.getInputInfo().get("INPUT1").getInfo();
            assertArrayEquals(new long[] {-1, 16}, info.getShape());
        }
    }

    /** Runs a batch of two rows of 16 and returns one output. */
    private static int[] run(String output) throws OrtException {
        long[] shape = {2, 16};
        try (OrtSession session = Ort.session(TestModels.addSub(ElemType.INT32, OnnxModelBuilder.SYMBOLIC, 16));
                OnnxTensor a = OnnxTensor.createTensor(Ort.ENV, IntBuffer.wrap(A), shape);
                OnnxTensor b = OnnxTensor.createTensor(Ort.ENV, IntBuffer.wrap(B), shape);
                OrtSession.Result result = session.run(Map.of("INPUT0", a, "INPUT1", b))) {
            IntBuffer values = ((OnnxTensor) result.get(output).orElseThrow()).getIntBuffer();
            int[] out = new int[values.remaining()];
            values.get(out);
            return out;
        }
    }
}
