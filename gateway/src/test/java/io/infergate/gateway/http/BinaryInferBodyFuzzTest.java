package io.infergate.gateway.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.infergate.engine.config.proto.ModelConfigProto.DataType;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInput;
import io.infergate.testsupport.HostileInput;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the binary tensor data extension: the {@code Inference-Header-Content-Length} header and
 * the body it splits into a JSON header and binary tensors, or, at 0, Triton's raw-binary body
 * (decoded for models of a few input kinds). Any header and body are decoded or refused with
 * a client's error. An input is the header's value, a newline, then the body; without a newline, the
 * whole input is a body sent without the header. Seeds: {@code BinaryInferBodyFuzzTestInputs/binaryInferBody/}.
 */
class BinaryInferBodyFuzzTest {
    /** Models a raw body can be for: batching and variable-sized, fixed-shaped, a single BYTES element. */
    private static final List<ModelConfig> RAW_MODELS = List.of(
            model(8, DataType.TYPE_FP32, -1),
            model(0, DataType.TYPE_INT32, 2, -1),
            model(0, DataType.TYPE_STRING, 1));

    private static ModelConfig model(int maxBatchSize, DataType type, long... dims) {
        ModelInput.Builder input = ModelInput.newBuilder().setName("IN").setDataType(type);
        Arrays.stream(dims).forEach(input::addDims);
        return ModelConfig.newBuilder().setName("fuzz").setMaxBatchSize(maxBatchSize).addInput(input).build();
    }

    @FuzzTest
    @Timeout(10)
    void binaryInferBody(byte[] input) throws Exception {
        int newline = indexOf(input, (byte) '\n');
        String header = newline < 0 ? null : new String(input, 0, newline, StandardCharsets.ISO_8859_1);
        Buffer body = Buffer.buffer(newline < 0 ? input : Arrays.copyOfRange(input, newline + 1, input.length));
        HostileInput.decode(input.length, InferenceException.class, e -> e.status() != Status.INTERNAL, () -> {
            BinaryBody split = BinaryBody.split(header, body);
            if (!split.raw()) {
                InferRequestDecoder.decode("fuzz", "", split);
                return;
            }
            for (ModelConfig model : RAW_MODELS) {
                decodeRaw(split.tail(), model);
            }
        });
    }

    /** One model's decoding of a raw body; a refusal for one model does not stop the others being tried. */
    private static void decodeRaw(Buffer body, ModelConfig model) {
        try {
            InferRequestDecoder.decodeRaw("fuzz", "", body, model);
        } catch (InferenceException e) {
            if (e.status() == Status.INTERNAL) {
                throw e;
            }
        }
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
