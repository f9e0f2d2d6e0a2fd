package io.infergate.e2e;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * NVIDIA's Python client using system shared memory, as Triton's simple_*_shm_client examples do:
 * real /dev/shm objects made with tritonclient.utils.shared_memory, registered with the server
 * (started with --allow-client-shm=true, Triton's example repository), inputs read from them and
 * outputs written into them. Each test runs one check of tritonclient_shm_checks.py in the
 * environment of scripts/client-env; skipped where that environment is missing.
 */
class TritonClientSharedMemoryTest {
    @RegisterExtension
    static final ClientPythonServer SERVER = ClientPythonServer.tritonExamplesWithClientShm();
    private static final String CHECKS = ClientPython.SCRIPTS.resolve("tritonclient_shm_checks.py").toString();

    private static void check(String name) throws Exception {
        ClientPython.run(Map.of(), List.of(CHECKS, SERVER.httpTarget(), SERVER.grpcTarget(), name));
    }

    @Test
    void httpInferReadsAndWritesRegions() throws Exception {
        check("http_simple_in_regions");
    }

    @Test
    void grpcInferReadsAndWritesRegions() throws Exception {
        check("grpc_simple_in_regions");
    }

    @Test
    void httpInferObjectsSwitchBetweenRegionsAndDataAsTritonsReuseExampleDoes() throws Exception {
        check("http_reuse_infer_objects");
    }

    @Test
    void grpcInferObjectsSwitchBetweenRegionsAndDataAsTritonsReuseExampleDoes() throws Exception {
        check("grpc_reuse_infer_objects");
    }

    @Test
    void grpcBytesTensorsTravelThroughRegions() throws Exception {
        check("grpc_simple_string_in_regions");
    }

    @Test
    void httpRegisterRefusesAHostileKey() throws Exception {
        check("http_hostile_key_is_refused");
    }

    @Test
    void grpcInferNamingAnUnknownRegionIsNotFound() throws Exception {
        check("grpc_unknown_region_is_not_found");
    }
}
