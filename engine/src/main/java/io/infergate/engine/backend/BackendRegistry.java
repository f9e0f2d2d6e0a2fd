package io.infergate.engine.backend;

import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The backends on the class path, found with {@link ServiceLoader}. */
public final class BackendRegistry {
    private final List<Backend> backends;

    public BackendRegistry(List<Backend> backends) {
        this.backends = List.copyOf(backends);
    }

    public static BackendRegistry discover() {
        return new BackendRegistry(ServiceLoader.load(Backend.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    /** The backend a config selects with {@code backend}, or else with {@code platform}. */
    public Optional<Backend> forConfig(ModelConfig config) {
        if (!config.getBackend().isEmpty()) {
            return backends.stream().filter(b -> b.name().equals(config.getBackend())).findFirst();
        }
        if (!config.getPlatform().isEmpty()) {
            return backends.stream().filter(b -> b.platforms().contains(config.getPlatform())).findFirst();
        }
        return Optional.empty();
    }

    public List<Backend> all() {
        return backends;
    }
}
