package io.infergate.gateway.protocol;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.engine.api.ModelLoadOverrides;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects the repository load API's parameters ({@code config}, {@code file:<version>/<path>})
 * however the frontend received them, and checks them the same way.
 */
public final class LoadOverridesBuilder {
    public static final String CONFIG = "config";
    public static final String FILE_PREFIX = "file:";
    static final int MAX_NAME_BYTES = 255;

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

    /**
     * Overrides are written under a fresh directory: only relative paths inside it are acceptable,
     * each part a file name the file system takes (at most {@value #MAX_NAME_BYTES} bytes, Linux's NAME_MAX).
     */
    public static String checkFilePath(String path) {
        if (path.isBlank() || path.startsWith("/") || path.startsWith("\\") || path.contains("\\")
                || path.indexOf('\0') >= 0 || path.indexOf(':') >= 0) {
            throw invalidPath(path, "it must be a relative path inside the model folder");
        }
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals("..") || part.equals(".")) {
                throw invalidPath(path, "it must be a relative path inside the model folder");
            }
            if (part.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw invalidPath(path, "a part of it is longer than " + MAX_NAME_BYTES + " bytes");
            }
        }
        return path;
    }

    /** Triton's words ("Invalid file path"), with the path (shortened) and the reason. */
    private static RuntimeException invalidPath(String path, String reason) {
        String shown = path.length() > 80 ? path.substring(0, 80) + "..." : path;
        return invalid("Invalid file path '" + FILE_PREFIX + shown + "' in the load parameters: " + reason);
    }
}
