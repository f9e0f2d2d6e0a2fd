package io.infergate.gateway.cluster;

import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.api.ModelMetadata;
import io.infergate.engine.api.ModelStatistics;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import java.util.List;

/**
 * What one worker serves, as it publishes it to the cluster.
 *
 * @param nodeId the worker's cluster node id
 * @param index  its repository index (every model its repositories know, in any state)
 * @param served its ready model versions
 */
record NodeState(String nodeId, List<ModelIndexEntry> index, List<ServedVersion> served) {

    NodeState {
        index = List.copyOf(index);
        served = List.copyOf(served);
    }

    /**
     * One ready model version on a worker.
     *
     * @param name       model name
     * @param version    version
     * @param config     configuration as loaded
     * @param metadata   metadata of this version
     * @param statistics its statistics on this worker
     */
    record ServedVersion(String name, String version, ModelConfig config, ModelMetadata metadata,
            ModelStatistics statistics) {

        boolean decoupled() {
            return config.getModelTransactionPolicy().getDecoupled();
        }
    }
}
