package io.infergate.testkit.onnx;

import io.infergate.engine.tensor.DataType;
import io.infergate.testkit.onnx.proto.TensorProto;

/**
 * The ONNX tensor element types that have a KServe datatype, each with both names.
 *
 * <p>ONNX Runtime's CPU provider has Identity kernels for all of them, but its Java API
 * (1.29) has no {@code OnnxJavaType} for UINT16, UINT32 and UINT64: sessions over those types load,
 * yet Java can neither create such input tensors nor read such outputs.
 */
public enum ElemType {
    BOOL(TensorProto.DataType.BOOL, DataType.BOOL),
    UINT8(TensorProto.DataType.UINT8, DataType.UINT8),
    UINT16(TensorProto.DataType.UINT16, DataType.UINT16),
    UINT32(TensorProto.DataType.UINT32, DataType.UINT32),
    UINT64(TensorProto.DataType.UINT64, DataType.UINT64),
    INT8(TensorProto.DataType.INT8, DataType.INT8),
    INT16(TensorProto.DataType.INT16, DataType.INT16),
    INT32(TensorProto.DataType.INT32, DataType.INT32),
    INT64(TensorProto.DataType.INT64, DataType.INT64),
    FLOAT16(TensorProto.DataType.FLOAT16, DataType.FP16),
    BFLOAT16(TensorProto.DataType.BFLOAT16, DataType.BF16),
    FLOAT(TensorProto.DataType.FLOAT, DataType.FP32),
    DOUBLE(TensorProto.DataType.DOUBLE, DataType.FP64),
    STRING(TensorProto.DataType.STRING, DataType.BYTES);

    private final TensorProto.DataType onnx;
    private final DataType kserve;

    ElemType(TensorProto.DataType onnx, DataType kserve) {
        this.onnx = onnx;
        this.kserve = kserve;
    }

    /** The value ONNX stores in {@code elem_type}, {@code data_type} and Cast's {@code to}. */
    public int onnxCode() {
        return onnx.getNumber();
    }

    /** The KServe datatype a server maps this element type to. */
    public DataType kserve() {
        return kserve;
    }

    /** The ONNX element type of a KServe datatype; every KServe datatype has one. */
    public static ElemType of(DataType kserve) {
        for (ElemType type : values()) {
            if (type.kserve == kserve) {
                return type;
            }
        }
        throw new IllegalArgumentException("no ONNX element type for " + kserve);
    }
}
