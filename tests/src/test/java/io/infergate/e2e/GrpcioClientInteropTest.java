package io.infergate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infergate.testsupport.ProjectPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wire compatibility with an independent gRPC implementation: Python's grpcio (gRPC C-core, the
 * transport of tritonclient.grpc; Debian's python3-grpcio, which scripts/test installs) drives
 * Triton's example models with messages built from the server's own descriptor set. Skipped
 * where that Python is missing.
 */
class GrpcioClientInteropTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path CLIENT = ProjectPaths.projectRoot().resolve("tests/src/test/python/grpcio_client.py");
    private static final Path DESCRIPTORS = ProjectPaths.projectRoot()
            .resolve("gateway/target/generated-resources/protobuf/descriptor-sets/infergate.protoset");
    private static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(grpcioInstalled(), "Debian's python3-grpcio and python3-protobuf are not installed");
        server = RunningServer.serving(ProjectPaths.tritonExamples());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static boolean grpcioInstalled() throws Exception {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import grpc, google.protobuf").start();
        return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }

    private static void check(String name) throws IOException, InterruptedException {
        Process client = new ProcessBuilder(List.of(PYTHON.toString(), CLIENT.toString(), DESCRIPTORS.toString(),
                "127.0.0.1:" + server.server().grpcPort(), name)).redirectErrorStream(true).start();
        boolean finished = client.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            client.destroyForcibly();
        }
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, finished ? client.exitValue() : -1, output);
    }

    @Test
    void healthRpcsAnswer() throws Exception {
        check("health");
    }

    @Test
    void serverAndModelMetadataAndConfigDecode() throws Exception {
        check("metadata");
    }

    @Test
    void inferWithRawContents() throws Exception {
        check("infer");
    }

    @Test
    void inferWithGzipCompression() throws Exception {
        check("infer_gzip");
    }

    @Test
    void inferWithBytesTensors() throws Exception {
        check("infer_bytes");
    }

    @Test
    void unknownModelIsNotFoundWithItsName() throws Exception {
        check("unknown_model");
    }

    @Test
    void statisticsCountInferences() throws Exception {
        check("statistics");
    }

    @Test
    void decoupledModelStreamsEachResponseThenTheFinalFlag() throws Exception {
        check("stream_decoupled");
    }
}
