package io.infergate.gateway.kserve;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.infergate.gateway.kserve.proto.InferParameter;
import io.infergate.gateway.kserve.proto.InferTensorContents;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferInputTensor;
import io.infergate.gateway.kserve.proto.ModelInferRequest.InferRequestedOutputTensor;
import io.infergate.gateway.protocol.Classification;
import io.infergate.gateway.protocol.FuzzRegion;
import io.infergate.gateway.protocol.RegionRef;
import io.infergate.gateway.protocol.RequestRegions;
import io.infergate.testsupport.HostileInput;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzzes the gRPC request reader with well-formed ModelInferRequest messages built from the
 * fuzzer's data, which reach past the protobuf parser what random bytes seldom do: datatypes,
 * shapes, typed contents in any field, raw contents in any number, parameters of any type under
 * the names the reader looks for, inputs and outputs in a real shared-memory region. Each message
 * is read or refused with a client's error. Seeds: {@code GrpcInferMessageFuzzTestInputs/grpcInferMessage/}.
 */
class GrpcInferMessageFuzzTest {
    private static final String[] DATATYPES = {"BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32",
        "INT64", "FP16", "FP32", "FP64", "BF16", "BYTES", "STRING", ""};
    private static final String[] PARAMETER_NAMES = {RegionRef.REGION, RegionRef.OFFSET, RegionRef.BYTE_SIZE,
        Classification.PARAMETER, InferRequestReader.ENABLE_EMPTY_FINAL_RESPONSE, "binary_data", "priority", "timeout",
        "sequence_id", "custom"};
    @RegisterExtension
    static final FuzzRegion REGION = new FuzzRegion();

    @FuzzTest
    @Timeout(10)
    void grpcInferMessage(FuzzedDataProvider data) throws Exception {
        int inputBytes = data.remainingBytes();
        ModelInferRequest message = message(data);
        HostileInput.decode(inputBytes, InferenceException.class, e -> e.status() != Status.INTERNAL, () -> {
            try (RequestRegions regions = new RequestRegions(REGION.registry())) {
                InferRequestReader.read(message, regions);
            }
        });
    }

    private static ModelInferRequest message(FuzzedDataProvider data) {
        ModelInferRequest.Builder message = ModelInferRequest.newBuilder().setModelName("fuzz")
                .setId(data.consumeString(8));
        addParameters(data, message::putParameters);
        int inputs = data.consumeInt(0, 3);
        for (int i = 0; i < inputs; i++) {
            InferInputTensor.Builder input = InferInputTensor.newBuilder().setName("IN" + data.consumeInt(0, 2))
                    .setDatatype(data.pickValue(DATATYPES));
            int dims = data.consumeInt(0, 3);
            for (int d = 0; d < dims; d++) {
                input.addShape(data.consumeBoolean() ? data.consumeLong(0, 16) : data.consumeLong());
            }
            addParameters(data, input::putParameters);
            if (data.consumeBoolean()) {
                input.setContents(contents(data));
            }
            message.addInputs(input);
        }
        int raw = data.consumeInt(0, 3);
        for (int i = 0; i < raw; i++) {
            message.addRawInputContents(ByteString.copyFrom(data.consumeBytes(64)));
        }
        int outputs = data.consumeInt(0, 2);
        for (int i = 0; i < outputs; i++) {
            InferRequestedOutputTensor.Builder output = InferRequestedOutputTensor.newBuilder()
                    .setName("OUT" + data.consumeInt(0, 1));
            addParameters(data, output::putParameters);
            message.addOutputs(output);
        }
        return message.build();
    }

    /** Where a message's parameters go: the request's, an input's or an output's map. */
    private interface Parameters {
        void put(String key, InferParameter value);
    }

    private static void addParameters(FuzzedDataProvider data, Parameters parameters) {
        int count = data.consumeInt(0, 3);
        for (int i = 0; i < count; i++) {
            parameters.put(data.pickValue(PARAMETER_NAMES), parameter(data));
        }
    }

    private static InferParameter parameter(FuzzedDataProvider data) {
        InferParameter.Builder parameter = InferParameter.newBuilder();
        switch (data.consumeInt(0, 5)) {
            case 0 -> parameter.setBoolParam(data.consumeBoolean());
            case 1 -> parameter.setInt64Param(data.consumeBoolean() ? data.consumeLong(0, 2048) : data.consumeLong());
            case 2 -> parameter.setStringParam(data.consumeBoolean() ? FuzzRegion.NAME : data.consumeString(16));
            case 3 -> parameter.setDoubleParam(data.consumeDouble());
            case 4 -> parameter.setUint64Param(data.consumeLong());
            default -> {
                // no value set: a parameter a client sent empty
            }
        }
        return parameter.build();
    }

    /** Typed contents with a few elements in fields the fuzzer picks, the datatype's own or not. */
    private static InferTensorContents contents(FuzzedDataProvider data) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        int count = data.consumeInt(0, 8);
        for (int i = 0; i < count; i++) {
            switch (data.consumeInt(0, 7)) {
                case 0 -> contents.addBoolContents(data.consumeBoolean());
                case 1 -> contents.addIntContents(data.consumeInt());
                case 2 -> contents.addInt64Contents(data.consumeLong());
                case 3 -> contents.addUintContents(data.consumeInt());
                case 4 -> contents.addUint64Contents(data.consumeLong());
                case 5 -> contents.addFp32Contents(data.consumeFloat());
                case 6 -> contents.addFp64Contents(data.consumeDouble());
                default -> contents.addBytesContents(ByteString.copyFrom(data.consumeBytes(16)));
            }
        }
        return contents.build();
    }
}
