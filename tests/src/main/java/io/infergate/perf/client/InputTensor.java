package io.infergate.perf.client;

/** One request input: full shape (batch included when the model batches) and raw little-endian data. */
public record InputTensor(String name, String datatype, long[] shape, byte[] data) {
}
