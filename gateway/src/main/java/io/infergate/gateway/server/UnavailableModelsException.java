package io.infergate.gateway.server;

import io.infergate.engine.api.ModelIndexEntry;
import java.util.List;

/** Start-up stopped because models failed to load and --exit-on-error is set. */
public final class UnavailableModelsException extends RuntimeException {
    private final transient List<ModelIndexEntry> models;

    public UnavailableModelsException(List<ModelIndexEntry> models, List<String> unavailable) {
        super("failed to load model(s): " + String.join(", ", unavailable), null, false, false);
        this.models = List.copyOf(models);
    }

    /** Every model of the repository index, for the start-up table. */
    public List<ModelIndexEntry> models() {
        return models;
    }
}
