/**
 * The ONNX Runtime backend ({@code backend: "onnxruntime"}, platform {@code onnxruntime_onnx}):
 * one {@link ai.onnxruntime.OrtSession} per model instance on a shared
 * {@link ai.onnxruntime.OrtEnvironment}, session options from the configuration's Triton-style
 * {@code parameters}, every KServe datatype ONNX has (BYTES as ONNX strings), and auto-complete
 * of inputs, outputs and max_batch_size from the model file.
 */
package io.infergate.engine.backend.onnx;
