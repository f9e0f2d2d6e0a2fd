package io.infergate.e2e;

import io.infergate.testsupport.ProjectPaths;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Wire compatibility with an independent gRPC implementation: Python's grpcio (gRPC C-core, the
 * transport of tritonclient.grpc, from the environment of scripts/client-env) drives Triton's
 * example models with messages built from the server's own descriptor set. Skipped where that
 * environment is missing.
 */
class GrpcioClientInteropTest {
    @RegisterExtension
    static final ClientPythonServer SERVER = ClientPythonServer.tritonExamples();
    private static final Path CLIENT = ClientPython.SCRIPTS.resolve("grpcio_client.py");
    private static final Path DESCRIPTORS = ProjectPaths.projectRoot()
            .resolve("gateway/target/generated-resources/protobuf/descriptor-sets/infergate.protoset");

    private static void check(String name) throws Exception {
        ClientPython.run(Map.of(), List.of(CLIENT.toString(), DESCRIPTORS.toString(), SERVER.grpcTarget(), name));
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
