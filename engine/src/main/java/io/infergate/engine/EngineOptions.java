package io.infergate.engine;

import io.infergate.engine.repository.spi.LocalModelRepository;
import io.infergate.engine.repository.spi.ModelRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How an engine starts.
 *
 * @param modelRepositories  the repositories (local folders, remote stores), searched in order (a
 *                           model name must be unique)
 * @param controlMode        whether models may be loaded and unloaded after start-up
 * @param startupModels      in EXPLICIT mode the models to load at start-up ("*" = all)
 * @param autoCompleteConfig complete partial or missing configs from the model files
 * @param strictReadiness    server readiness requires every model to be ready
 * @param pollInterval       in POLL mode, how often the repositories are scanned for changes
 * @param responseCacheBytes size of the response cache shared by the models that enable it
 *                           ({@code --cache-config local,size=N}); 0 for no cache
 * @param rateLimit          the rate limiter ({@code --rate-limit}, {@code --rate-limit-resource})
 */
public record EngineOptions(List<ModelRepository> modelRepositories, ModelControlMode controlMode,
        List<String> startupModels, boolean autoCompleteConfig, boolean strictReadiness, Duration pollInterval,
        long responseCacheBytes, RateLimitOptions rateLimit) {

    /** Triton's default --repository-poll-secs. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(15);

    public EngineOptions {
        modelRepositories = List.copyOf(modelRepositories);
        startupModels = List.copyOf(startupModels);
        if (controlMode == ModelControlMode.POLL && (pollInterval.isZero() || pollInterval.isNegative())) {
            throw new IllegalArgumentException("the poll interval must be positive in poll mode, got " + pollInterval);
        }
        if (responseCacheBytes < 0) {
            throw new IllegalArgumentException("responseCacheBytes must be >= 0, got " + responseCacheBytes);
        }
        rateLimit = rateLimit == null ? RateLimitOptions.OFF : rateLimit;
    }

    /**
     * Options over local repository folders with Triton's default poll interval, without a
     * response cache and without rate limiting.
     */
    public EngineOptions(List<Path> modelRepositories, ModelControlMode controlMode, List<String> startupModels,
            boolean autoCompleteConfig, boolean strictReadiness) {
        this(LocalModelRepository.all(modelRepositories), controlMode, startupModels, autoCompleteConfig,
                strictReadiness, DEFAULT_POLL_INTERVAL, 0, RateLimitOptions.OFF);
    }

    /** Triton's --model-control-mode values. */
    public enum ModelControlMode {
        /** Load every model at start-up; the repository API may not load or unload. */
        NONE,
        /** Load only --load-model models at start-up; the repository API loads and unloads. */
        EXPLICIT,
        /**
         * Load every model at start-up, then apply the repositories' changes (models added,
         * removed or changed) every poll interval; the repository API may not load or unload.
         */
        POLL
    }
}
