package io.infergate.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A server on Triton's example repository for the test classes that drive it with Python from
 * scripts/client-env: started once per class; each test is skipped with a message where that
 * environment is missing.
 */
abstract class TritonExamplesForClientPython {
    private static RunningServer server;

    @BeforeAll
    static void start() {
        if (ClientPython.built()) {
            server = RunningServer.serving(ProjectPaths.tritonExamples());
        }
    }

    @BeforeEach
    void requireClientPython() {
        ClientPython.assumeBuilt();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    static String grpcTarget() {
        return "127.0.0.1:" + server.server().grpcPort();
    }

    static String httpTarget() {
        return "127.0.0.1:" + server.server().httpPort();
    }
}
