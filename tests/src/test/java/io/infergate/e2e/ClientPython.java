package io.infergate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infergate.testsupport.ProjectPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CPython of scripts/client-env, a virtual environment with NVIDIA's tritonclient[all] (and so
 * grpcio and protobuf) and numpy, and the Python scripts the end-to-end tests run with it.
 * scripts/test passes its interpreter as the system property infergate.client.python; a test run
 * without it asks {@code scripts/client-env --check} for an environment already built.
 */
final class ClientPython {
    static final Path SCRIPTS = ProjectPaths.projectRoot().resolve("tests/src/test/python");
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final Path INTERPRETER = find();

    private ClientPython() {
    }

    static boolean built() {
        return INTERPRETER != null;
    }

    /**
     * Skips the calling test, with the fix in the message, when the environment is missing. Called
     * before each test (ClientPythonServer): surefire does not report a class skipped in
     * {@code @BeforeAll}.
     */
    static void assumeBuilt() {
        assumeTrue(INTERPRETER != null, "the Python client environment is missing: run scripts/client-env"
                + " (scripts/test does; it needs PyPI) or pass -Dinfergate.client.python=VENV/bin/python");
    }

    /** The standard output of python ARGS run with extra environment variables; fails unless it exits 0. */
    static String run(Map<String, String> environment, List<String> args) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("client-python", ".out");
        Path stderr = Files.createTempFile("client-python", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(INTERPRETER.toString()));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().putAll(environment);
            Process python = builder.start();
            boolean finished = python.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
            if (!finished) {
                python.destroyForcibly().waitFor();
            }
            String output = Files.readString(stdout, StandardCharsets.UTF_8);
            assertEquals(0, finished ? python.exitValue() : -1, () -> String.join(" ", command)
                    + (finished ? "" : " ran past " + LIMIT) + "\n--- stdout\n" + output + "--- stderr\n"
                    + readQuietly(stderr));
            return output;
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static Path find() {
        String configured = System.getProperty("infergate.client.python", "");
        if (!configured.isBlank()) {
            Path python = Path.of(configured);
            return Files.isExecutable(python) ? python : null;
        }
        try {
            Process check = new ProcessBuilder(ProjectPaths.projectRoot().resolve("scripts/client-env").toString(),
                    "--check").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!check.waitFor(30, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                return null;
            }
            String venv = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return check.exitValue() == 0 ? Path.of(venv, "bin/python") : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
