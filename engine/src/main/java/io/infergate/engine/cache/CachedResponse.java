package io.infergate.engine.cache;

import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A response's outputs and parameters, copied out of the backend's buffers (which a backend may
 * reuse or free once its response is sent), with the bytes the entry holds.
 */
record CachedResponse(List<Tensor> outputs, Map<String, Object> parameters, long byteSize) {
    /** Bookkeeping counted for each entry and each tensor beside the data: key, names, shape, objects. */
    static final int ENTRY_OVERHEAD = 128;
    static final int TENSOR_OVERHEAD = 96;

    static CachedResponse copyOf(InferenceResponse response) {
        List<Tensor> outputs = new ArrayList<>(response.outputs().size());
        for (Tensor output : response.outputs()) {
            ByteBuffer copy = ByteBuffer.allocate(output.byteSize()).put(output.bytes()).flip();
            outputs.add(new Tensor(output.name(), output.dataType(), output.shape().clone(), copy, true));
        }
        return new CachedResponse(List.copyOf(outputs), response.parameters(), sizeOf(response));
    }

    /** The bytes an entry for this response would hold, computed without copying it. */
    static long sizeOf(InferenceResponse response) {
        long size = ENTRY_OVERHEAD;
        for (Tensor output : response.outputs()) {
            size += TENSOR_OVERHEAD + output.byteSize() + 2L * output.name().length() + 8L * output.shape().length;
        }
        return size;
    }

    /**
     * The answer to a request with this id: the cached bytes, which nobody writes to, each in a
     * tensor of its own (a fresh buffer view), so that concurrent hits never share a buffer position.
     */
    InferenceResponse answer(String requestId, String model, String version) {
        List<Tensor> views = new ArrayList<>(outputs.size());
        for (Tensor output : outputs) {
            views.add(new Tensor(output.name(), output.dataType(), output.shape(), output.data(), true));
        }
        return new InferenceResponse(requestId, model, version, views, parameters);
    }
}
