package io.infergate.gateway.security;

import java.util.Arrays;
import java.util.Optional;

/** Triton's groups of APIs that {@code --http-restricted-api} and {@code --grpc-restricted-protocol} name. */
public enum ApiCategory {
    HEALTH("health"),
    METADATA("metadata"),
    INFERENCE("inference"),
    SHARED_MEMORY("shared-memory"),
    MODEL_CONFIG("model-config"),
    MODEL_REPOSITORY("model-repository"),
    STATISTICS("statistics"),
    TRACE("trace"),
    LOGGING("logging");

    private final String flagName;

    ApiCategory(String flagName) {
        this.flagName = flagName;
    }

    /** The name on the command line, as tritonserver spells it. */
    public String flagName() {
        return flagName;
    }

    static Optional<ApiCategory> byFlagName(String name) {
        return Arrays.stream(values()).filter(category -> category.flagName.equals(name)).findFirst();
    }
}
