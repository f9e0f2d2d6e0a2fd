package io.infergate.perf.client;

import java.util.List;

/** An input as the server's metadata describes it: dims without the batch dimension, -1 = variable. */
public record TensorSpec(String name, String datatype, long[] dims) {

    /** From a metadata shape, which carries the batch dimension (-1) first for batching models. */
    static TensorSpec fromMetadata(String name, String datatype, List<Long> shape, boolean batching) {
        int skip = batching && !shape.isEmpty() ? 1 : 0;
        return new TensorSpec(name, datatype, shape.subList(skip, shape.size()).stream().mapToLong(Long::longValue)
                .toArray());
    }
}
