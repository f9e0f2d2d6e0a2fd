package io.infergate.testkit.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.InvalidProtocolBufferException;
import io.infergate.testkit.onnx.proto.ModelProto;
import io.infergate.testkit.onnx.proto.TensorShapeProto;
import java.io.IOException;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelBuilderTest {

    @Test
    void symbolicDimensionsBecomeNamedParameters() throws InvalidProtocolBufferException {
        ModelProto model = ModelProto.parseFrom(new OnnxModelBuilder("g")
                .input("x", ElemType.FLOAT, OnnxModelBuilder.SYMBOLIC, 3, OnnxModelBuilder.SYMBOLIC)
                .build());
        List<TensorShapeProto.Dimension> dims =
                model.getGraph().getInput(0).getType().getTensorType().getShape().getDimList();
        assertEquals("batch", dims.get(0).getDimParam());
        assertEquals(3, dims.get(1).getDimValue());
        assertEquals("dim2", dims.get(2).getDimParam());
    }

    @Test
    void importsOpset13ByDefault() throws InvalidProtocolBufferException {
        ModelProto model = ModelProto.parseFrom(new OnnxModelBuilder("g").build());
        assertEquals(13, model.getOpsetImport(0).getVersion());
    }

    @Test
    void rejectsNegativeSizesOtherThanSymbolic() {
        OnnxModelBuilder builder = new OnnxModelBuilder("g");
        assertThrows(IllegalArgumentException.class, () -> builder.input("x", ElemType.FLOAT, -2));
    }

    @Test
    void nodeAttributesReachTheRuntime() throws OrtException {
        byte[] model = new OnnxModelBuilder("cast")
                .input("x", ElemType.INT32, 3)
                .output("y", ElemType.FLOAT, 3)
                .node("Cast", new String[] {"x"}, new String[] {"y"},
                        OnnxModelBuilder.intAttr("to", ElemType.FLOAT.onnxCode()))
                .build();
        try (OrtSession session = Ort.session(model);
                OnnxTensor x = OnnxTensor.createTensor(Ort.ENV, IntBuffer.wrap(new int[] {-1, 0, 7}), new long[] {3});
                OrtSession.Result result = session.run(Map.of("x", x))) {
            assertArrayEquals(new float[] {-1f, 0f, 7f}, (float[]) result.get("y").orElseThrow().getValue());
        }
    }

    @Test
    void writeToWritesTheBuiltBytes(@TempDir Path dir) throws IOException {
        OnnxModelBuilder builder = new OnnxModelBuilder("g").input("x", ElemType.INT64, 1);
        Path file = dir.resolve("m/1/model.onnx");
        builder.writeTo(file);
        assertArrayEquals(builder.build(), Files.readAllBytes(file));
    }
}
