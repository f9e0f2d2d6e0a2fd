package io.infergate.python.cpython;

import io.infergate.engine.config.ModelConfigException;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelParameter;
import io.infergate.python.EnvironmentArchive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The CPython interpreter that runs a model's stubs: {@code bin/python3} of the model's
 * {@code EXECUTION_ENV_PATH} (a virtual environment's folder, or a {@code .tar.gz} of one that
 * {@link EnvironmentArchive} unpacks into the cache), else the {@code python3} on the PATH. Before
 * a first use it is run once to learn its version and numpy's: Python 3.8 or newer with numpy is
 * required.
 *
 * @param command     what starts it: a path, or {@code python3} found on the PATH
 * @param executable  the interpreter's own {@code sys.executable}
 * @param version     its version, such as 3.11.7
 * @param numpy       numpy's version in it
 * @param environment where a model's packages come from, for messages
 */
record Interpreter(String command, String executable, String version, String numpy, String environment) {
    static final String EXECUTION_ENV_PATH = "EXECUTION_ENV_PATH";
    private static final long CHECK_LIMIT_SECONDS = 120;
    /** Runs on any Python, 2 included, so that an old one is named rather than failing on syntax. */
    private static final String CHECK = """
            import sys
            sys.stdout.write("%d.%d.%d\\n%s\\n" % (sys.version_info[0], sys.version_info[1], sys.version_info[2], sys.executable))
            try:
                import numpy
                sys.stdout.write(numpy.__version__ + "\\n")
            except Exception as e:
                sys.stdout.write("-%s: %s\\n" % (type(e).__name__, e))
            """;
    /** Interpreters that passed the check, by command: a failed one is checked again at the next load. */
    private static final Map<String, Interpreter> CHECKED = new ConcurrentHashMap<>();

    /** The interpreter a model's configuration names, checked. */
    static Interpreter of(ModelConfig config, Path repository) throws ModelConfigException {
        ModelParameter parameter = config.getParametersMap().get(EXECUTION_ENV_PATH);
        String env = parameter == null ? "" : parameter.getStringValue().strip();
        if (env.isEmpty()) {
            return check("python3", "the python3 on the PATH");
        }
        Path folder = EnvironmentArchive.unpackIfArchive(resolve(env, repository.toAbsolutePath().normalize()));
        Path python = folder.resolve("bin").resolve("python3");
        if (!Files.isExecutable(python)) {
            throw new ModelConfigException("python parameter '" + EXECUTION_ENV_PATH + "': " + folder
                    + " has no bin/python3; name a CPython virtual environment (python3 -m venv) or conda environment");
        }
        return check(python.toString(), "the environment " + folder);
    }

    /** An absolute path as it is; a relative one inside the model repository. */
    private static Path resolve(String value, Path repository) throws ModelConfigException {
        Path path = repository.resolve(value).normalize();
        if (!Path.of(value).isAbsolute() && !path.startsWith(repository)) {
            throw new ModelConfigException("python parameter '" + EXECUTION_ENV_PATH + "': relative path '" + value
                    + "' leaves the model repository " + repository);
        }
        return path;
    }

    private static Interpreter check(String command, String environment) throws ModelConfigException {
        Interpreter known = CHECKED.get(command);
        if (known != null) {
            return known;
        }
        List<String> lines = run(command, environment);
        String version = lines.getFirst();
        String[] parts = version.split("\\.");
        if (lines.size() < 3 || parts.length != 3 || !parts[0].matches("\\d+") || !parts[1].matches("\\d+")) {
            throw new ModelConfigException("the CPython runtime could not read the version of " + command
                    + " (" + environment + "); it printed: " + String.join(" | ", lines));
        }
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        if (major < 3 || major == 3 && minor < 8) {
            throw new ModelConfigException("the CPython runtime needs Python 3.8 or newer; " + command + " ("
                    + environment + ") is Python " + version);
        }
        if (lines.get(2).startsWith("-")) {
            throw new ModelConfigException("the CPython runtime needs numpy in " + environment + " (" + lines.get(1)
                    + ", Python " + version + "): " + lines.get(2).substring(1).strip()
                    + "; install it there with pip install numpy (scripts/cpython-env builds such an environment)");
        }
        Interpreter checked = new Interpreter(command, lines.get(1), version, lines.get(2), environment);
        CHECKED.put(command, checked);
        return checked;
    }

    private static List<String> run(String command, String environment) throws ModelConfigException {
        Process process;
        try {
            process = new ProcessBuilder(command, "-c", CHECK).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new ModelConfigException("the CPython runtime cannot start " + command + " (" + environment
                    + "): " + e.getMessage() + "; install Python 3.8 or newer, or name a virtual environment in the "
                    + "model parameter " + EXECUTION_ENV_PATH);
        }
        try {
            // Its few lines fit the pipe; read after it ended, at most 64 KiB, so a hung one cannot block the load.
            if (!process.waitFor(CHECK_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                throw new ModelConfigException(command + " (" + environment + ") ran past " + CHECK_LIMIT_SECONDS
                        + " s when asked for its version");
            }
            String output = new String(process.getInputStream().readNBytes(1 << 16), StandardCharsets.UTF_8);
            List<String> lines = output.lines().toList();
            if (process.exitValue() != 0 || lines.isEmpty()) {
                throw new ModelConfigException(command + " (" + environment + ") failed when asked for its version"
                        + " (exit status " + process.exitValue() + "): " + output.strip());
            }
            return lines;
        } catch (IOException e) {
            throw new ModelConfigException("the CPython runtime could not read from " + command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelConfigException("interrupted while checking " + command);
        } finally {
            process.destroyForcibly();
        }
    }
}
