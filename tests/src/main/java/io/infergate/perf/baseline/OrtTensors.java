package io.infergate.perf.baseline;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.infergate.perf.PerfException;
import io.infergate.perf.client.InputTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The request's inputs as ONNX Runtime tensors, from the very bytes the HTTP client sends. */
final class OrtTensors {
    private OrtTensors() {
    }

    static Map<String, OnnxTensor> of(OrtEnvironment env, List<InputTensor> inputs) {
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            for (InputTensor input : inputs) {
                // KServe bytes are little-endian, the native order of every platform ORT Java ships for.
                ByteBuffer data = ByteBuffer.allocateDirect(input.data().length).order(ByteOrder.nativeOrder());
                data.put(input.data()).flip();
                tensors.put(input.name(), OnnxTensor.createTensor(env, data, input.shape(), type(input)));
            }
        } catch (OrtException e) {
            close(tensors);
            throw new PerfException("ONNX Runtime baseline: " + e.getMessage());
        }
        return tensors;
    }

    static void close(Map<String, OnnxTensor> tensors) {
        tensors.values().forEach(OnnxTensor::close);
    }

    private static OnnxJavaType type(InputTensor input) {
        return switch (input.datatype()) {
            case "FP32" -> OnnxJavaType.FLOAT;
            case "FP64" -> OnnxJavaType.DOUBLE;
            case "FP16" -> OnnxJavaType.FLOAT16;
            case "BF16" -> OnnxJavaType.BFLOAT16;
            case "INT8" -> OnnxJavaType.INT8;
            case "UINT8" -> OnnxJavaType.UINT8;
            case "INT16" -> OnnxJavaType.INT16;
            case "INT32" -> OnnxJavaType.INT32;
            case "INT64" -> OnnxJavaType.INT64;
            case "BOOL" -> OnnxJavaType.BOOL;
            default -> throw new PerfException("the ONNX Runtime baseline does not take " + input.datatype()
                    + " input " + input.name());
        };
    }
}
