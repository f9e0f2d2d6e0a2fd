package io.infergate.python;

import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelParameter;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a model's Python context may touch on the host. By default it reads its own model folder
 * and nothing else, writes nothing, starts no process and opens no socket. Config parameters
 * relax this per model:
 * <ul>
 * <li>{@code SANDBOX_READ_PATHS}: more folders it may read ({@code :}-separated, absolute)</li>
 * <li>{@code SANDBOX_WRITE_PATHS}: folders it may read and write</li>
 * <li>{@code SANDBOX_ALLOW_SOCKETS}: {@code true} to open host sockets</li>
 * <li>{@code SANDBOX_ALLOW_PROCESSES}: {@code true} to start host processes</li>
 * <li>{@code EXECUTION_ENV_PATH}: a GraalPy virtual environment whose packages it may import</li>
 * </ul>
 *
 * @param readable   folders (and everything under them) that may be read
 * @param writable   folders that may also be written
 * @param sockets    whether host sockets are allowed
 * @param processes  whether host processes are allowed
 * @param executionEnv the virtual environment, or null
 */
record SandboxPolicy(List<Path> readable, List<Path> writable, boolean sockets, boolean processes,
        Path executionEnv) {

    static final String READ_PATHS = "SANDBOX_READ_PATHS";
    static final String WRITE_PATHS = "SANDBOX_WRITE_PATHS";
    static final String ALLOW_SOCKETS = "SANDBOX_ALLOW_SOCKETS";
    static final String ALLOW_PROCESSES = "SANDBOX_ALLOW_PROCESSES";
    static final String EXECUTION_ENV_PATH = "EXECUTION_ENV_PATH";

    SandboxPolicy {
        readable = List.copyOf(readable);
        writable = List.copyOf(writable);
    }

    /**
     * The policy a model's parameters ask for.
     *
     * @param runtimeHome folders the Python runtime itself reads (its standard library)
     */
    static SandboxPolicy of(ModelConfig config, Path modelDir, List<Path> runtimeHome) throws ModelConfigException {
        List<Path> readable = new ArrayList<>(runtimeHome);
        readable.add(modelDir.toAbsolutePath().normalize());
        readable.addAll(paths(config, READ_PATHS));
        List<Path> writable = paths(config, WRITE_PATHS);
        String env = parameter(config, EXECUTION_ENV_PATH);
        Path executionEnv = env.isEmpty() ? null : absolute(EXECUTION_ENV_PATH, env);
        if (executionEnv != null) {
            readable.add(executionEnv);
        }
        return new SandboxPolicy(readable, writable, flag(config, ALLOW_SOCKETS), flag(config, ALLOW_PROCESSES),
                executionEnv);
    }

    boolean mayRead(Path path) {
        return under(path, readable) || under(path, writable);
    }

    boolean mayWrite(Path path) {
        return under(path, writable);
    }

    private static boolean under(Path path, List<Path> roots) {
        Path normal = path.toAbsolutePath().normalize();
        return roots.stream().anyMatch(normal::startsWith);
    }

    private static String parameter(ModelConfig config, String key) {
        ModelParameter parameter = config.getParametersMap().get(key);
        return parameter == null ? "" : parameter.getStringValue().strip();
    }

    private static boolean flag(ModelConfig config, String key) throws ModelConfigException {
        String value = parameter(config, key);
        if (value.isEmpty() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new ModelConfigException("python parameter '" + key + "' is '" + value + "'; expected true or false");
    }

    private static List<Path> paths(ModelConfig config, String key) throws ModelConfigException {
        List<Path> paths = new ArrayList<>();
        for (String entry : parameter(config, key).split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                paths.add(absolute(key, entry.strip()));
            }
        }
        return paths;
    }

    private static Path absolute(String key, String value) throws ModelConfigException {
        Path path = Path.of(value);
        if (!path.isAbsolute()) {
            throw new ModelConfigException("python parameter '" + key + "' needs absolute paths, got '" + value + "'");
        }
        return path.normalize();
    }
}
