/**
 * {@code scripts/perf}: a load tool with perf_analyzer's flags and CSV columns that measures an
 * Infergate (or Triton) server over loopback, with its baselines (a bare echo server, ONNX Runtime
 * in-process) measured in the same run. Usage and output are documented in docs/perf.md.
 */
package io.infergate.perf;
