package io.infergate.testkit.onnx;

import com.google.protobuf.ByteString;
import io.infergate.testkit.onnx.proto.AttributeProto;
import io.infergate.testkit.onnx.proto.GraphProto;
import io.infergate.testkit.onnx.proto.ModelProto;
import io.infergate.testkit.onnx.proto.NodeProto;
import io.infergate.testkit.onnx.proto.OperatorSetIdProto;
import io.infergate.testkit.onnx.proto.TensorShapeProto;
import io.infergate.testkit.onnx.proto.TypeProto;
import io.infergate.testkit.onnx.proto.ValueInfoProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A fluent writer of single-graph ONNX models in the default operator domain.
 *
 * <p>A dimension of {@value #SYMBOLIC} becomes a named symbolic dimension: {@code batch} in first
 * place, {@code dim<i>} elsewhere. Equal names tell ONNX Runtime that the sizes are equal, which
 * holds for the batch dimension of every model we write. The same builder input always gives the
 * same bytes, so generated models can be compared with committed ones.
 */
public final class OnnxModelBuilder {
    /** The dimension value meaning "any size". */
    public static final long SYMBOLIC = -1;

    // IR 8 (ONNX 1.10) covers opsets up to 15 and every ONNX Runtime since 1.10 reads it.
    private static final long IR_VERSION = 8;
    private static final String PRODUCER = "infergate-testkit";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private long opset = 13;

    public OnnxModelBuilder(String graphName) {
        graph.setName(graphName);
    }

    /** The version of the default ONNX operator set the nodes bind to; 13 unless set. */
    public OnnxModelBuilder opset(long version) {
        opset = version;
        return this;
    }

    public OnnxModelBuilder input(String name, ElemType type, long... dims) {
        graph.addInput(valueInfo(name, type, dims));
        return this;
    }

    public OnnxModelBuilder output(String name, ElemType type, long... dims) {
        graph.addOutput(valueInfo(name, type, dims));
        return this;
    }

    public OnnxModelBuilder node(String opType, String[] inputs, String[] outputs, AttributeProto... attributes) {
        graph.addNode(NodeProto.newBuilder()
                .setName(opType + "_" + graph.getNodeCount())
                .setOpType(opType)
                .addAllInput(Arrays.asList(inputs))
                .addAllOutput(Arrays.asList(outputs))
                .addAllAttribute(Arrays.asList(attributes)));
        return this;
    }

    public byte[] build() {
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(PRODUCER)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    public void writeTo(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, build());
    }

    public static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder attr = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attr.addInts(value);
        }
        return attr.build();
    }

    public static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    public static AttributeProto stringAttr(String name, String value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8))
                .build();
    }

    private static ValueInfoProto valueInfo(String name, ElemType type, long[] dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int i = 0; i < dims.length; i++) {
            shape.addDim(dimension(i, dims[i]));
        }
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder().setElemType(type.onnxCode()).setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    private static TensorShapeProto.Dimension dimension(int index, long size) {
        if (size == SYMBOLIC) {
            return TensorShapeProto.Dimension.newBuilder().setDimParam(index == 0 ? "batch" : "dim" + index).build();
        }
        if (size < 0) {
            throw new IllegalArgumentException("dimension " + index + " is " + size + "; use a size >= 0 or SYMBOLIC");
        }
        return TensorShapeProto.Dimension.newBuilder().setDimValue(size).build();
    }
}
