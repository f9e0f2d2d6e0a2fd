package io.infergate.e2e;

import io.infergate.testsupport.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What NVIDIA's model-control examples (simple_{http,grpc}_model_control.py and their asyncio
 * variants) do, with tritonclient, against Triton's example repository served in explicit mode
 * with nothing loaded: the index lists every model folder, load and unload, config overrides,
 * refused loads. Each check loads and unloads `simple` itself.
 */
class TritonClientModelControlTest {
    @RegisterExtension
    static final ClientPythonServer SERVER = ClientPythonServer.tritonExamplesExplicit();
    private static final String CHECKS = ClientPython.SCRIPTS.resolve("tritonclient_checks.py").toString();

    private static void check(String name) throws Exception {
        ClientPython.run(Map.of("MODELS_IN_REPOSITORY", Long.toString(modelFolders())),
                List.of(CHECKS, SERVER.httpTarget(), SERVER.grpcTarget(), name));
    }

    private static long modelFolders() throws IOException {
        try (Stream<Path> children = Files.list(ProjectPaths.tritonExamples())) {
            return children.filter(Files::isDirectory).filter(dir -> !dir.getFileName().toString().startsWith("."))
                    .count();
        }
    }

    @Test
    void httpModelControl() throws Exception {
        check("http_model_control");
    }

    @Test
    void grpcModelControl() throws Exception {
        check("grpc_model_control");
    }

    @Test
    void httpAioModelControl() throws Exception {
        check("http_aio_model_control");
    }

    @Test
    void grpcAioModelControl() throws Exception {
        check("grpc_aio_model_control");
    }
}
