package io.infergate.gateway.kserve;

import com.google.protobuf.InvalidProtocolBufferException;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.gateway.kserve.InferRequestReader.ReadRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.jmh.MicroBenchmark;
import io.infergate.jmh.OneTensor;
import io.infergate.perf.client.GrpcInferClient;
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
        OneTensor traffic = OneTensor.ofFp32(elements);
        frame = GrpcInferClient.request("m", "1", traffic.inputs()).toByteArray();
        response = traffic.response();
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
