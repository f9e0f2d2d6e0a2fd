package io.infergate.perf.client;

/** The calls around the load, over the protocol under test: the model's description and its statistics. */
public interface ServerApi extends ServerStatsSource {
    ModelInfo modelInfo();
}
