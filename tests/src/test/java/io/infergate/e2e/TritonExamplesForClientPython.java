package io.infergate.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A server on Triton's example repository for the test classes that drive it with Python from
 * scripts/client-env: started once per class, skipped with a message where that environment is
 * missing.
 */
abstract class TritonExamplesForClientPython {
    private static RunningServer server;

    @BeforeAll
    static void start() {
        ClientPython.assumeBuilt();
        server = RunningServer.serving(ProjectPaths.tritonExamples());
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
