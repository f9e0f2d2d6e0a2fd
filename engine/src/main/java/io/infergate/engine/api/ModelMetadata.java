package io.infergate.engine.api;

import java.util.List;

/**
 * What {@code GET /v2/models/{m}} reports.
 *
 * @param name     model name
 * @param versions the loaded versions (or the one asked for)
 * @param platform Triton platform name, such as onnxruntime_onnx, or the backend name
 * @param inputs   inputs as a client must send them (batch dim -1 first when the model batches)
 * @param outputs  outputs as a client receives them
 */
public record ModelMetadata(String name, List<String> versions, String platform,
        List<TensorMetadata> inputs, List<TensorMetadata> outputs) {

    /** Name, KServe datatype name and shape (-1 for a variable dimension) of one tensor. */
    public record TensorMetadata(String name, String datatype, long[] shape) {
    }
}
