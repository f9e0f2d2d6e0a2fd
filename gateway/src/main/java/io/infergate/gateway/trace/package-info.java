/**
 * Triton's trace extension: the trace settings ({@link io.infergate.gateway.trace.TraceFields}),
 * global and per model, that clients read and change ({@code /v2[/models/M]/trace/setting},
 * gRPC TraceSetting) and {@code --trace-config} sets at start-up; the sampling of requests to
 * trace ({@link io.infergate.gateway.trace.Tracing}); and where finished traces go
 * ({@link io.infergate.gateway.trace.TraceDestination}): Triton's JSON trace files, written on a
 * thread of their own ({@link io.infergate.gateway.trace.TraceWriter}; a client's trace_file stays
 * in the allowed folder), or OpenTelemetry spans exported over OTLP/HTTP
 * ({@link io.infergate.gateway.trace.OpenTelemetrySpans}).
 */
package io.infergate.gateway.trace;
