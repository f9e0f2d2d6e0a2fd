package io.infergate.jmh;

import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.infergate.perf.PerfOptions.InputData;
import io.infergate.perf.client.InputFactory;
import io.infergate.perf.client.InputTensor;
import io.infergate.perf.client.ModelInfo;
import io.infergate.perf.client.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * The codec benchmarks' traffic: a request with one random FP32 input {@code x} of
 * {@code elements} values (built by scripts/perf's own input factory), and a response of model
 * {@code m} whose output {@code y} holds the same bytes.
 *
 * @param inputs   the request's one input
 * @param response the answer to encode
 */
public record OneTensor(List<InputTensor> inputs, InferenceResponse response) {

    public static OneTensor ofFp32(int elements) {
        ModelInfo model = new ModelInfo("m", "1", 0, false, List.of(new TensorSpec("x", "FP32", new long[] {elements})));
        List<InputTensor> inputs = new InputFactory(model, Map.of(),
                new InputData(InputData.Kind.RANDOM, null)).inputs(1);
        ByteBuffer data = ByteBuffer.wrap(inputs.getFirst().data()).order(ByteOrder.LITTLE_ENDIAN);
        InferenceResponse response = new InferenceResponse("", "m", "1",
                List.of(new Tensor("y", DataType.FP32, new long[] {elements}, data)), Map.of());
        return new OneTensor(inputs, response);
    }
}
