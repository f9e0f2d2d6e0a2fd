/**
 * Tensors as they travel through the server: {@link io.infergate.engine.tensor.DataType}, shapes
 * with overflow checks, and Triton's length-prefixed BYTES encoding. Data stays little-endian
 * {@link java.nio.ByteBuffer}s from the network to the backend.
 */
package io.infergate.engine.tensor;
