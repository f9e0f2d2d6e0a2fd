package io.infergate.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The GraalPy virtual environment (numpy included) whose packages every Python model may import,
 * so that a Triton {@code model.py} runs unchanged. {@code scripts/python-env} builds it once per
 * machine into the cache folder named after the GraalPy and numpy versions; the system property
 * {@code infergate.python.env} or the variable {@code INFERGATE_PYTHON_ENV} name another one
 * (a virtual environment's folder). A model's own {@code EXECUTION_ENV_PATH} comes before it.
 *
 * @param venv      the virtual environment's folder
 * @param present   whether it exists (models that import its packages fail to load otherwise)
 * @param buildHint what to do when it is missing
 */
public record DefaultEnvironment(Path venv, boolean present, String buildHint) {
    static final String PROPERTY = "infergate.python.env";
    static final String VARIABLE = "INFERGATE_PYTHON_ENV";
    private static final String VERSIONS = "python-env.properties";

    /** Where the environment for the GraalPy version the build embeds is, whether or not it has been built. */
    static DefaultEnvironment find() {
        String named = System.getProperty(PROPERTY, System.getenv(VARIABLE));
        if (named != null && !named.isBlank()) {
            Path venv = Path.of(named.strip()).toAbsolutePath().normalize();
            return new DefaultEnvironment(venv, Files.isDirectory(venv),
                    "the environment named by " + PROPERTY + " / " + VARIABLE + " does not exist");
        }
        Path built = cacheRoot().resolve("python")
                .resolve("graalpy-" + version("graalpy") + "-numpy-" + version("numpy"));
        // scripts/python-env writes .complete last; a folder without it is an interrupted build.
        return new DefaultEnvironment(built.resolve("venv"), Files.isRegularFile(built.resolve(".complete")),
                "build it with scripts/python-env (scripts/serve and scripts/test do so on first use)");
    }

    /** The folders Python imports from: lib/python3.X/site-packages. */
    static List<Path> sitePackages(Path venv) {
        try (var lib = Files.list(venv.resolve("lib"))) {
            return lib.filter(dir -> dir.getFileName().toString().startsWith("python3"))
                    .map(dir -> dir.resolve("site-packages")).filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Infergate's cache: $INFERGATE_CACHE, else $XDG_CACHE_HOME/infergate, else ~/.cache/infergate. */
    public static Path cacheRoot() {
        String cache = System.getenv("INFERGATE_CACHE");
        if (cache != null && !cache.isBlank()) {
            return Path.of(cache);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("infergate");
    }

    /** A version pinned in python-env.properties (scripts/python-env reads the same file). */
    private static String version(String name) {
        try (InputStream in = DefaultEnvironment.class.getResourceAsStream(VERSIONS)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + VERSIONS);
            }
            Properties versions = new Properties();
            versions.load(in);
            return versions.getProperty(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
