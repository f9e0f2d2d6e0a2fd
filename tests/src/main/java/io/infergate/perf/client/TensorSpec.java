package io.infergate.perf.client;

/** An input as the server's metadata describes it: dims without the batch dimension, -1 = variable. */
public record TensorSpec(String name, String datatype, long[] dims) {
}
