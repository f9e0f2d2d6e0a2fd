package io.infergate.engine.lifecycle;

import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.ensemble.EnsemblePlan;
import io.infergate.engine.model.LoadedVersion;
import java.util.List;

/**
 * What loading a model produced.
 *
 * @param name     model name
 * @param config   the complete configuration, or null when the model failed before it was known
 * @param failure  why the whole model failed, or null
 * @param versions one outcome per version the policy selected
 * @param found    whether any repository (or the load request's files) has the model
 */
record LoadOutcome(String name, ModelConfig config, String failure, List<VersionOutcome> versions, boolean found) {

    static LoadOutcome failed(String name, ModelConfig config, String failure) {
        return new LoadOutcome(name, config, failure, List.of(), true);
    }

    static LoadOutcome notFound(String name) {
        return new LoadOutcome(name, null, "failed to poll from model repository: no model folder '" + name
                + "' in any repository", List.of(), false);
    }

    /**
     * One version: loaded (instances created, not yet scheduled) or failed with a reason.
     *
     * @param ensemblePlan the checked steps when the version is an ensemble, else null
     */
    record VersionOutcome(long version, LoadedVersion loaded, EnsemblePlan ensemblePlan, String failure) {

        static VersionOutcome loaded(long version, LoadedVersion loaded) {
            return new VersionOutcome(version, loaded, null, null);
        }

        static VersionOutcome ensemble(long version, LoadedVersion loaded, EnsemblePlan plan) {
            return new VersionOutcome(version, loaded, plan, null);
        }

        static VersionOutcome failed(long version, String reason) {
            return new VersionOutcome(version, null, null, reason);
        }
    }
}
