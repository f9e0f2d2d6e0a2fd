package io.infergate.testkit.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IdentityModelTest {
    private static final int ELEMENTS = 6;

    @ParameterizedTest
    @EnumSource(names = {"BOOL", "UINT8", "INT8", "INT16", "INT32", "INT64", "FLOAT16", "BFLOAT16", "FLOAT", "DOUBLE"})
    void returnsFixedSizeInputUnchanged(ElemType type) throws OrtException {
        byte[] input = sample(type);
        ByteBuffer data = ByteBuffer.allocateDirect(input.length).order(ByteOrder.nativeOrder()).put(input).flip();
        try (OrtSession session = Ort.session(TestModels.identity(type, OnnxModelBuilder.SYMBOLIC));
                OnnxTensor tensor = OnnxTensor.createTensor(Ort.ENV, data, new long[] {ELEMENTS}, javaType(type));
                OrtSession.Result result = session.run(Map.of("INPUT0", tensor))) {
            ByteBuffer out = ((OnnxTensor) result.get("OUTPUT0").orElseThrow()).getByteBuffer();
            byte[] actual = new byte[out.remaining()];
            out.get(actual);
            assertArrayEquals(input, actual);
        }
    }

    @Test
    void returnsStringInputUnchanged() throws OrtException {
        String[] input = {"", "a", "héllo", "\u0000binary\u00ff"};
        try (OrtSession session = Ort.session(TestModels.identity(ElemType.STRING, OnnxModelBuilder.SYMBOLIC));
                OnnxTensor tensor = OnnxTensor.createTensor(Ort.ENV, input, new long[] {input.length});
                OrtSession.Result result = session.run(Map.of("INPUT0", tensor))) {
            assertArrayEquals(input, (String[]) result.get("OUTPUT0").orElseThrow().getValue());
        }
    }

    /** ONNX Runtime has the kernels; only its Java API lacks these types, so loading is what we can check. */
    @ParameterizedTest
    @EnumSource(names = {"UINT16", "UINT32", "UINT64"})
    void loadsUnsignedTypesJavaCannotFeed(ElemType type) throws OrtException {
        try (OrtSession session = Ort.session(TestModels.identity(type, OnnxModelBuilder.SYMBOLIC))) {
            TensorInfo info = (TensorInfo) session.getOutputInfo().get("OUTPUT0").getInfo();
            assertEquals(type.name(), info.onnxType.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", ""));
        }
    }

    @Test
    void usesTheGivenNames() throws OrtException {
        try (OrtSession session = Ort.session(TestModels.identity("in", "out", ElemType.FLOAT, 2, 3))) {
            assertEquals(Set.of("in"), session.getInputNames());
            assertEquals(Set.of("out"), session.getOutputNames());
        }
    }

    /** Distinct bytes per element; BOOL elements must be 0 or 1. */
    private static byte[] sample(ElemType type) {
        byte[] bytes = new byte[ELEMENTS * type.kserve().byteSize()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (type == ElemType.BOOL ? i % 2 : 7 * i + 1);
        }
        return bytes;
    }

    private static OnnxJavaType javaType(ElemType type) {
        return switch (type) {
            case BOOL -> OnnxJavaType.BOOL;
            case UINT8 -> OnnxJavaType.UINT8;
            case INT8 -> OnnxJavaType.INT8;
            case INT16 -> OnnxJavaType.INT16;
            case INT32 -> OnnxJavaType.INT32;
            case INT64 -> OnnxJavaType.INT64;
            case FLOAT16 -> OnnxJavaType.FLOAT16;
            case BFLOAT16 -> OnnxJavaType.BFLOAT16;
            case FLOAT -> OnnxJavaType.FLOAT;
            case DOUBLE -> OnnxJavaType.DOUBLE;
            default -> throw new IllegalArgumentException("no Java type for " + type);
        };
    }
}
