/**
 * Focused benchmarks of the stateful-models and ensembles issue: ensemble overhead, sequence
 * batching gain, Silero VAD streams against raw ONNX Runtime. Each runs its baseline in the same
 * run against a server started in this process on loopback, and reports ratios.
 */
package io.infergate.bench;
