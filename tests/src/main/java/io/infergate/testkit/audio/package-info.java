/** Audio for stateful-model tests and benchmarks: synthetic streams and Silero VAD stepped by ONNX Runtime directly. */
package io.infergate.testkit.audio;
