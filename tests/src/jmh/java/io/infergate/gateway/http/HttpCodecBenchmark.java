package io.infergate.gateway.http;

import io.infergate.engine.api.InferenceResponse;
import io.infergate.jmh.MicroBenchmark;
import io.infergate.jmh.OneTensor;
import io.infergate.perf.client.HttpInferBody;
import io.infergate.perf.client.SequenceStep;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * KServe v2 HTTP request parsing and response serialization, all-JSON and with the binary tensor
 * extension, for one FP32 input and output of {@code elements} values (16 is {@code simple}'s
 * size; 3*48*320 is a PP-OCR rec crop). Bodies are built by scripts/perf's own encoder.
 */
@State(Scope.Benchmark)
public class HttpCodecBenchmark extends MicroBenchmark {
    @Param({"16", "46080"})
    int elements;

    private HttpInferBody json;
    private HttpInferBody binary;
    private InferenceResponse response;

    @Setup
    public void setUp() {
        OneTensor traffic = OneTensor.ofFp32(elements);
        json = HttpInferBody.encode(traffic.inputs(), false, SequenceStep.NONE);
        binary = HttpInferBody.encode(traffic.inputs(), true, SequenceStep.NONE);
        response = traffic.response();
    }

    @Benchmark
    public DecodedInfer parseJson() {
        return InferRequestDecoder.decode("m", "1", BinaryBody.split(null, json.body()));
    }

    @Benchmark
    public DecodedInfer parseBinary() {
        return InferRequestDecoder.decode("m", "1",
                BinaryBody.split(Integer.toString(binary.headerLength()), binary.body()));
    }

    @Benchmark
    public InferResponseEncoder.Encoded serializeJson() {
        response.outputs().getFirst().data().rewind();
        return InferResponseEncoder.encode(response, OutputFormat.JSON);
    }

    @Benchmark
    public InferResponseEncoder.Encoded serializeBinary() {
        response.outputs().getFirst().data().rewind();
        return InferResponseEncoder.encode(response, OutputFormat.BINARY);
    }
}
