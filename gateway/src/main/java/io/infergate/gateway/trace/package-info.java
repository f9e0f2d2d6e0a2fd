/**
 * Triton's trace extension: the trace settings ({@link io.infergate.gateway.trace.TraceFields}),
 * global and per model, that clients read and change ({@code /v2[/models/M]/trace/setting},
 * gRPC TraceSetting) and {@code --trace-config} sets at start-up; the sampling of requests to
 * trace ({@link io.infergate.gateway.trace.Tracing}); and the trace files in Triton's JSON,
 * written on a thread of their own ({@link io.infergate.gateway.trace.TraceWriter}). A client's
 * trace_file stays in the allowed folder.
 */
package io.infergate.gateway.trace;
