package io.infergate.gateway.trace;

import io.infergate.engine.trace.RequestTrace;
import java.util.Collection;

/** Where finished traces go: Triton's trace files, or OpenTelemetry spans. */
interface TraceDestination {

    /** Whether traces taken under these settings can go anywhere (trace files need a file). */
    boolean takes(TraceFields settings);

    /** Takes a finished trace, taken under {@code settings}; returns at once (called on request threads). */
    void accept(RequestTrace trace, TraceFields settings);

    /** The settings now in force changed: these are all of them. */
    void inUse(Collection<TraceFields> settings);

    /** Sends or writes out what is still held, then stops. */
    void close();
}
