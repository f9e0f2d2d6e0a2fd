package io.infergate.perf.client;

/** Reads a model's cumulative statistics from the server; {@link #NONE} where there is no server. */
public interface ServerStatsSource {
    ServerStatsSource NONE = () -> ServerStats.NONE;

    ServerStats snapshot();
}
