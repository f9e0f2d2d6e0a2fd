package io.infergate.python;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPython virtual environment (numpy, onnxruntime) the CPython runtime's tests run models in:
 * scripts/cpython-env builds it, scripts/test exports it as INFERGATE_CPYTHON_ENV.
 */
final class CpythonEnvironment {
    static final String VARIABLE = "INFERGATE_CPYTHON_ENV";
    /** What a Python model's parameters need to run on CPython; the environment's folder comes after it. */
    private static final String RUNTIME = """
            parameters { key: "INFERGATE_PYTHON_RUNTIME", value { string_value: "cpython" } }
            parameters { key: "EXECUTION_ENV_PATH", value { string_value: "%s" } }
            """;

    private CpythonEnvironment() {
    }

    /** The environment's folder; the test is skipped, saying how to build it, when there is none. */
    static Path venv() {
        String named = System.getenv(VARIABLE);
        assumeTrue(named != null && Files.isExecutable(Path.of(named, "bin", "python3")),
                VARIABLE + " names no CPython environment: build one with scripts/cpython-env (scripts/test does)");
        return Path.of(named);
    }

    /** A model configuration that runs on CPython in the test environment. */
    static String config(String config) {
        return config + RUNTIME.formatted(venv());
    }
}
