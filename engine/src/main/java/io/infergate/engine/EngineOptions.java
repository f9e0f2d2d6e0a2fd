package io.infergate.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * How an engine starts.
 *
 * @param modelRepositories  repository folders, searched in order (a model name must be unique)
 * @param controlMode        whether models may be loaded and unloaded after start-up
 * @param startupModels      in EXPLICIT mode the models to load at start-up ("*" = all)
 * @param autoCompleteConfig complete partial or missing configs from the model files
 * @param strictReadiness    server readiness requires every model to be ready
 * @param responseCacheBytes size of the response cache shared by the models that enable it
 *                           ({@code --cache-config local,size=N}); 0 for no cache
 * @param rateLimit          the rate limiter ({@code --rate-limit}, {@code --rate-limit-resource})
 */
public record EngineOptions(List<Path> modelRepositories, ModelControlMode controlMode,
        List<String> startupModels, boolean autoCompleteConfig, boolean strictReadiness, long responseCacheBytes,
        RateLimitOptions rateLimit) {

    public EngineOptions {
        modelRepositories = List.copyOf(modelRepositories);
        startupModels = List.copyOf(startupModels);
        if (responseCacheBytes < 0) {
            throw new IllegalArgumentException("responseCacheBytes must be >= 0, got " + responseCacheBytes);
        }
        rateLimit = rateLimit == null ? RateLimitOptions.OFF : rateLimit;
    }

    /** Options without a response cache and without rate limiting. */
    public EngineOptions(List<Path> modelRepositories, ModelControlMode controlMode, List<String> startupModels,
            boolean autoCompleteConfig, boolean strictReadiness) {
        this(modelRepositories, controlMode, startupModels, autoCompleteConfig, strictReadiness, 0,
                RateLimitOptions.OFF);
    }

    /** Triton's --model-control-mode values implemented so far. */
    public enum ModelControlMode {
        /** Load every model at start-up; the repository API may not load or unload. */
        NONE,
        /** Load only --load-model models at start-up; the repository API loads and unloads. */
        EXPLICIT
    }
}
