/**
 * Writes small ONNX models from Java so tests and benchmarks need no Python or downloaded files:
 * {@link io.infergate.testkit.onnx.OnnxModelBuilder} builds a graph, {@link
 * io.infergate.testkit.onnx.TestModels} has the models our suites use, and {@link
 * io.infergate.testkit.onnx.ExampleModels} regenerates the committed example repository models.
 */
package io.infergate.testkit.onnx;
