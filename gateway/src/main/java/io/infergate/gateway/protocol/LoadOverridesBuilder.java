package io.infergate.gateway.protocol;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.api.ModelLoadOverrides;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects the repository load API's parameters ({@code config}, {@code file:<version>/<path>})
 * however the frontend received them, and checks them the same way.
 */
public final class LoadOverridesBuilder {
    public static final String CONFIG = "config";
    public static final String FILE_PREFIX = "file:";

    private String config;
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    public LoadOverridesBuilder config(String json) {
        config = json;
        return this;
    }

    /** Adds a file under its parameter key ({@code file:<version>/<path>}). */
    public LoadOverridesBuilder file(String key, byte[] content) {
        files.put(checkFilePath(key.substring(FILE_PREFIX.length())), content);
        return this;
    }

    public ModelLoadOverrides build() {
        if (!files.isEmpty() && config == null) {
            throw invalid("load parameters with file overrides must include '" + CONFIG + "'");
        }
        return config == null && files.isEmpty() ? ModelLoadOverrides.NONE : new ModelLoadOverrides(config, files);
    }

    /** Overrides are written under a fresh directory: only relative paths inside it are acceptable. */
    public static String checkFilePath(String path) {
        if (path.isBlank() || path.startsWith("/") || path.startsWith("\\") || path.contains("\\")
                || path.indexOf('\0') >= 0 || path.indexOf(':') >= 0) {
            throw invalid("invalid file override path '" + path + "'");
        }
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals("..") || part.equals(".")) {
                throw invalid("invalid file override path '" + path + "'");
            }
        }
        return path;
    }
}
