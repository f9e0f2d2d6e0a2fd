/**
 * Protobuf classes generated from {@code onnx_subset.proto}: the messages of ONNX's model format
 * that {@link io.infergate.testkit.onnx.OnnxModelBuilder} writes, with ONNX's field numbers.
 */
package io.infergate.testkit.onnx.proto;
