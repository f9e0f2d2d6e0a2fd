package io.infergate.gateway.trace;

/** What a trace records, as Triton names it; no level at all is Triton's OFF. */
public enum TraceLevel {
    /** Triton's timestamps of the request's way through the server. */
    TIMESTAMPS,
    /** The tensors the request went in and came out with. */
    TENSORS
}
