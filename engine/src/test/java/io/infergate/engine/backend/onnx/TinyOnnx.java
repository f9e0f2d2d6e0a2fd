package io.infergate.engine.backend.onnx;

import com.google.protobuf.CodedOutputStream;
import io.infergate.engine.tensor.DataType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes minimal ONNX models (one graph of Identity, Add or Sub nodes) with raw protobuf wire
 * encoding. The tests module has a full model writer, but it depends on the engine, so the
 * engine's own tests cannot use it; this is the least that ONNX Runtime will load.
 *
 * <p>Field numbers from onnx/onnx's onnx.proto: ModelProto ir_version=1, graph=7, opset_import=8
 * (OperatorSetIdProto domain=1, version=2); GraphProto node=1, name=2, input=11, output=12;
 * NodeProto input=1, output=2, name=3, op_type=4; ValueInfoProto name=1, type=2; TypeProto
 * tensor_type=1 (Tensor elem_type=1, shape=2); TensorShapeProto dim=1 (Dimension dim_value=1,
 * dim_param=2). A dimension of -1 is written as a symbolic dimension: {@code batch} first,
 * {@code d<i>} elsewhere.
 */
final class TinyOnnx {

    static final long IR_VERSION = 8;
    static final long OPSET = 13;

    private TinyOnnx() {
    }

    record Value(String name, DataType type, long... dims) {
    }

    record Node(String opType, List<String> inputs, List<String> outputs) {
    }

    /** INPUT0 -> Identity -> OUTPUT0. */
    static byte[] identity(DataType type, long... dims) {
        return model(List.of(new Node("Identity", List.of("INPUT0"), List.of("OUTPUT0"))),
                List.of(new Value("INPUT0", type, dims)), List.of(new Value("OUTPUT0", type, dims)));
    }

    /** OUTPUT0 = INPUT0 + INPUT1, OUTPUT1 = INPUT0 - INPUT1 (Triton's "simple" model). */
    static byte[] addSub(DataType type, long... dims) {
        return model(List.of(new Node("Add", List.of("INPUT0", "INPUT1"), List.of("OUTPUT0")),
                        new Node("Sub", List.of("INPUT0", "INPUT1"), List.of("OUTPUT1"))),
                List.of(new Value("INPUT0", type, dims), new Value("INPUT1", type, dims)),
                List.of(new Value("OUTPUT0", type, dims), new Value("OUTPUT1", type, dims)));
    }

    static byte[] model(List<Node> nodes, List<Value> inputs, List<Value> outputs) {
        byte[] graph = message(out -> {
            for (int i = 0; i < nodes.size(); i++) {
                Node node = nodes.get(i);
                String name = node.opType() + i;
                out.writeByteArray(1, message(n -> {
                    for (String input : node.inputs()) {
                        n.writeString(1, input);
                    }
                    for (String output : node.outputs()) {
                        n.writeString(2, output);
                    }
                    n.writeString(3, name);
                    n.writeString(4, node.opType());
                }));
            }
            out.writeString(2, "tiny");
            for (Value input : inputs) {
                out.writeByteArray(11, valueInfo(input));
            }
            for (Value output : outputs) {
                out.writeByteArray(12, valueInfo(output));
            }
        });
        return message(out -> {
            out.writeInt64(1, IR_VERSION);
            out.writeByteArray(7, graph);
            out.writeByteArray(8, message(opset -> {
                opset.writeString(1, "");
                opset.writeInt64(2, OPSET);
            }));
        });
    }

    /** Writes a model as {@code <dir>/model.onnx} and returns its path. */
    static Path write(Path dir, byte[] model) {
        try {
            Files.createDirectories(dir);
            return Files.write(dir.resolve("model.onnx"), model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] valueInfo(Value value) {
        byte[] shape = message(out -> {
            for (int i = 0; i < value.dims().length; i++) {
                long dim = value.dims()[i];
                String param = i == 0 ? "batch" : "d" + i;
                out.writeByteArray(1, message(d -> {
                    if (dim < 0) {
                        d.writeString(2, param);
                    } else {
                        d.writeInt64(1, dim);
                    }
                }));
            }
        });
        byte[] tensorType = message(out -> {
            out.writeInt32(1, elemType(value.type()));
            out.writeByteArray(2, shape);
        });
        return message(out -> {
            out.writeString(1, value.name());
            out.writeByteArray(2, message(type -> type.writeByteArray(1, tensorType)));
        });
    }

    /** ONNX TensorProto.DataType numbers. */
    static int elemType(DataType type) {
        return switch (type) {
            case FP32 -> 1;
            case UINT8 -> 2;
            case INT8 -> 3;
            case UINT16 -> 4;
            case INT16 -> 5;
            case INT32 -> 6;
            case INT64 -> 7;
            case BYTES -> 8;
            case BOOL -> 9;
            case FP16 -> 10;
            case FP64 -> 11;
            case UINT32 -> 12;
            case UINT64 -> 13;
            case BF16 -> 16;
        };
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Writer writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            writer.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
