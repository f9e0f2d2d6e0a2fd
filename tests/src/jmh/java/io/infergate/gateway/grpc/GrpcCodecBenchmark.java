package io.infergate.gateway.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.infergate.gateway.grpc.InferRequestReader.ReadRequest;
import io.infergate.gateway.grpc.proto.ModelInferRequest;
import io.infergate.jmh.MicroBenchmark;
import io.infergate.perf.PerfOptions.InputData;
import io.infergate.perf.client.GrpcInferClient;
import io.infergate.perf.client.InputFactory;
import io.infergate.perf.client.InputTensor;
import io.infergate.perf.client.ModelInfo;
import io.infergate.perf.client.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The gRPC frontend's codec: a ModelInferRequest frame (one FP32 input of {@code elements} values
 * as raw contents, as tritonclient sends it) decoded into the engine's request, and an engine
 * response written as a ModelInferResponse frame.
 */
@State(Scope.Benchmark)
public class GrpcCodecBenchmark extends MicroBenchmark {
    @Param({"16", "46080"})
    int elements;

    private byte[] frame;
    private InferenceResponse response;

    @Setup
    public void setUp() {
        ModelInfo model = new ModelInfo("m", "1", 0, false, List.of(new TensorSpec("x", "FP32", new long[] {elements})));
        List<InputTensor> inputs = new InputFactory(model, Map.of(),
                new InputData(InputData.Kind.RANDOM, null)).inputs(1);
        frame = GrpcInferClient.request("m", "1", inputs).toByteArray();
        ByteBuffer data = ByteBuffer.wrap(inputs.getFirst().data()).order(ByteOrder.LITTLE_ENDIAN);
        response = new InferenceResponse("", "m", "1",
                List.of(new Tensor("y", DataType.FP32, new long[] {elements}, data)), Map.of());
    }

    @Benchmark
    public ReadRequest decodeRequest() throws InvalidProtocolBufferException {
        return InferRequestReader.read(ModelInferRequest.parseFrom(frame));
    }

    @Benchmark
    public byte[] encodeResponse() {
        response.outputs().getFirst().data().rewind();
        return InferResponseWriter.write(response, Map.of()).toByteArray();
    }
}
