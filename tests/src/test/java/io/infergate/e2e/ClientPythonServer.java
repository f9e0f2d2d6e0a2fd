package io.infergate.e2e;

import io.infergate.testsupport.ProjectPaths;
import io.infergate.engine.EngineOptions.ModelControlMode;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server for the test classes that drive it with Python from scripts/client-env, registered
 * with {@code @RegisterExtension}: started once per class where that environment is built; each
 * test is skipped, with a message, where it is missing.
 */
final class ClientPythonServer implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private final Supplier<RunningServer> starter;
    private RunningServer server;

    private ClientPythonServer(Supplier<RunningServer> starter) {
        this.starter = starter;
    }

    /** Triton's example repository, every model loaded. */
    static ClientPythonServer tritonExamples() {
        return new ClientPythonServer(() -> RunningServer.serving(ProjectPaths.tritonExamples()));
    }

    /** Triton's example repository, every model loaded, clients allowed to use system shared memory. */
    static ClientPythonServer tritonExamplesWithClientShm() {
        return new ClientPythonServer(() -> RunningServer.start(ProjectPaths.tritonExamples(), ModelControlMode.NONE,
                List.of(), List.of("--allow-client-shm=true")));
    }

    /** Triton's example repository in explicit mode, nothing loaded at start-up. */
    static ClientPythonServer tritonExamplesExplicit() {
        return new ClientPythonServer(() -> RunningServer.start(ProjectPaths.tritonExamples(), ModelControlMode.EXPLICIT,
                List.of()));
    }

    /** Triton's example repository in explicit mode with only `simple` loaded, and flags of the test's own. */
    static ClientPythonServer tritonSimple(Supplier<List<String>> flags) {
        return new ClientPythonServer(() -> RunningServer.start(ProjectPaths.tritonExamples(), ModelControlMode.EXPLICIT,
                List.of("simple"), flags.get()));
    }

    /** examples/model_repository with only these models loaded. */
    static ClientPythonServer projectExamples(List<String> models) {
        return new ClientPythonServer(() -> RunningServer.start(ProjectPaths.examples(), ModelControlMode.EXPLICIT,
                models));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ClientPython.built()) {
            server = starter.get();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ClientPython.assumeBuilt();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    String httpTarget() {
        return "127.0.0.1:" + server.server().httpPort();
    }

    String grpcTarget() {
        return "127.0.0.1:" + server.server().grpcPort();
    }
}
