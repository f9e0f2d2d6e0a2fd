package io.infergate.engine.backend.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import io.infergate.engine.api.InferenceException;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Shapes;
import io.infergate.engine.tensor.Tensor;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Conversions between engine {@link Tensor}s and ONNX Runtime tensors and type descriptions. */
final class OnnxTensors {

    private OnnxTensors() {
    }

    /** The engine type for an ONNX element type; null for types KServe has no name for. */
    static DataType dataType(OnnxTensorType type) {
        return switch (type) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DataType.BOOL;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DataType.UINT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16 -> DataType.UINT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32 -> DataType.UINT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64 -> DataType.UINT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> DataType.INT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> DataType.INT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DataType.INT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DataType.INT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> DataType.FP16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> DataType.BF16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DataType.FP32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> DataType.FP64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> DataType.BYTES;
            default -> null;
        };
    }

    /** The ONNX element type for an engine type. */
    static OnnxTensorType onnxType(DataType type) {
        return switch (type) {
            case BOOL -> OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL;
            case UINT8 -> OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8;
            case UINT16 -> OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16;
            case UINT32 -> OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32;
            case UINT64 -> OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64;
            case INT8 -> OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8;
            case INT16 -> OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16;
            case INT32 -> OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32;
            case INT64 -> OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64;
            case FP16 -> OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16;
            case BF16 -> OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16;
            case FP32 -> OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT;
            case FP64 -> OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE;
            case BYTES -> OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING;
        };
    }

    /**
     * The ONNX Runtime Java type for the public buffer factory; null for UINT16/32/64, which the
     * Java API has no type for (see {@link UnsignedTensors}), and for BYTES.
     */
    static OnnxJavaType javaType(DataType type) {
        return switch (type) {
            case BOOL -> OnnxJavaType.BOOL;
            case UINT8 -> OnnxJavaType.UINT8;
            case INT8 -> OnnxJavaType.INT8;
            case INT16 -> OnnxJavaType.INT16;
            case INT32 -> OnnxJavaType.INT32;
            case INT64 -> OnnxJavaType.INT64;
            case FP16 -> OnnxJavaType.FLOAT16;
            case BF16 -> OnnxJavaType.BFLOAT16;
            case FP32 -> OnnxJavaType.FLOAT;
            case FP64 -> OnnxJavaType.DOUBLE;
            case UINT16, UINT32, UINT64, BYTES -> null;
        };
    }

    /** The tensor description of a model input or output; throws for sequences, maps and the like. */
    static TensorInfo tensorInfo(String kind, String name, NodeInfo node) {
        if (node.getInfo() instanceof TensorInfo info) {
            return info;
        }
        throw new IllegalArgumentException("model " + kind + " '" + name + "' is not a tensor ("
                + node.getInfo() + "); only tensors are supported");
    }

    /**
     * Wraps an engine tensor as an ONNX Runtime input. Fixed-size data is handed over without a
     * copy when the buffer is direct: ONNX Runtime's Java API only wraps direct buffers in place and
     * copies heap buffers itself, so a heap buffer is copied here once into a direct buffer (the
     * same single copy, made explicit). The engine's data is little-endian and ONNX Runtime wants
     * native order, which {@link OnnxBackend} checks to be the same.
     */
    static OnnxTensor toOnnx(OrtEnvironment env, Tensor tensor) throws OrtException {
        DataType type = tensor.dataType();
        long[] shape = tensor.shape();
        if (type == DataType.BYTES) {
            String[] strings;
            try {
                // ONNX string tensors hold text: binary elements would be altered, so they are refused
                strings = BytesElements.toStrictStrings(tensor.data());
            } catch (IllegalArgumentException e) {
                throw InferenceException.invalid("input '" + tensor.name() + "': " + e.getMessage()
                        + "; ONNX string tensors hold text");
            }
            return OnnxTensor.createTensor(env, strings, shape);
        }
        long expected = Shapes.byteSize(type, shape);
        if (expected != tensor.byteSize()) {
            throw new IllegalArgumentException("input '" + tensor.name() + "' has " + tensor.byteSize()
                    + " bytes but shape " + Shapes.format(shape) + " of " + type + " needs " + expected);
        }
        ByteBuffer data = direct(tensor.data());
        OnnxJavaType javaType = javaType(type);
        if (javaType == null) {
            return UnsignedTensors.create(env, data, shape, onnxType(type));
        }
        return OnnxTensor.createTensor(env, data, shape, javaType);
    }

    private static ByteBuffer direct(ByteBuffer data) {
        ByteBuffer view = data.duplicate();
        if (view.isDirect()) {
            return view.order(ByteOrder.nativeOrder());
        }
        ByteBuffer copy = ByteBuffer.allocateDirect(view.remaining()).order(ByteOrder.nativeOrder());
        copy.put(view).flip();
        return copy;
    }

    /** Reads an ONNX Runtime output back into an engine tensor with little-endian data. */
    static Tensor fromOnnx(String name, OnnxTensor value) throws OrtException {
        TensorInfo info = value.getInfo();
        DataType type = dataType(info.onnxType);
        if (type == null) {
            throw new IllegalStateException("output '" + name + "' has ONNX type " + info.onnxType
                    + ", which has no KServe datatype");
        }
        long[] shape = info.getShape();
        if (type == DataType.BYTES) {
            List<String> strings = new ArrayList<>();
            flatten(value.getValue(), strings);
            return new Tensor(name, type, shape, BytesElements.fromStrings(strings.toArray(String[]::new)));
        }
        // getByteBuffer() copies the native data into a heap buffer in native (= little-endian) order.
        ByteBuffer data = value.getByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        return new Tensor(name, type, shape, data);
    }

    /** Strings of a string tensor in row-major order; getValue() gives nested arrays by rank. */
    private static void flatten(Object value, List<String> out) {
        if (value instanceof String s) {
            out.add(s);
        } else if (value instanceof String[] strings) {
            out.addAll(List.of(strings));
        } else if (value != null && value.getClass().isArray()) {
            int length = Array.getLength(value);
            for (int i = 0; i < length; i++) {
                flatten(Array.get(value, i), out);
            }
        }
    }
}
