/**
 * Baselines measured in the same run as the server: a bare echo server (the transport limit) and
 * the model run in-process by ONNX Runtime at its best batch size (the compute limit).
 */
package io.infergate.perf.baseline;
