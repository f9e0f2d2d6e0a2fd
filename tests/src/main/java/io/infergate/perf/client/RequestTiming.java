package io.infergate.perf.client;

/** Where one request's time went, in nanoseconds, as perf_analyzer splits it. */
public record RequestTiming(long sendNs, long recvNs, long totalNs) {
}
