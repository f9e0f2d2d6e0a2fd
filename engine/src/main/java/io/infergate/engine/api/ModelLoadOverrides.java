package io.infergate.engine.api;

import java.util.Map;

/**
 * What the repository load API may pass instead of the files in the repository.
 *
 * @param configJson model configuration as JSON, or null to read config.pbtxt
 * @param files      file contents keyed by "&lt;version&gt;/&lt;relative path&gt;"; when not empty
 *                   the model is loaded from these files alone, written to a fresh temporary
 *                   directory (a config must then be given too)
 */
public record ModelLoadOverrides(String configJson, Map<String, byte[]> files) {
    public static final ModelLoadOverrides NONE = new ModelLoadOverrides(null, Map.of());

    public ModelLoadOverrides {
        files = Map.copyOf(files);
    }

    public boolean isEmpty() {
        return configJson == null && files.isEmpty();
    }
}
