package io.infergate.gateway.http;

import static io.infergate.gateway.server.ShmServer.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.server.ShmServer;
import io.infergate.testsupport.ShmObject;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every hostile shared-memory input over HTTP gets Triton's status and a message that says what
 * is wrong, and leaves the server up and the other regions as they were (region "kept", checked
 * after each test).
 */
class SharedMemoryHttpRefusalsTest {
    @RegisterExtension
    static final ShmServer server = new ShmServer(true);
    private ShmObject object;

    @BeforeEach
    void registerAKeptRegion() {
        object = ShmObject.create("http-refusals", 1024);
        server.register("kept", object.key(), 0, 512);
    }

    @AfterEach
    void keptRegionIsUntouched() {
        try {
            JsonArray regions = server.get("/v2/systemsharedmemory/status").bodyAsJsonArray();
            assertEquals(new JsonArray().add(new JsonObject().put("name", "kept").put("key", object.key())
                    .put("offset", 0).put("byte_size", 512)), regions);
        } finally {
            object.close();
        }
    }

    private static String register(String name, String key, long offset, long byteSize, int status) {
        return error(server.post("/v2/systemsharedmemory/region/" + name + "/register",
                new JsonObject().put("key", key).put("offset", offset).put("byte_size", byteSize)), status);
    }

    private static String infer(String model, JsonObject inputParameters, JsonObject outputParameters, int count,
            int status) {
        JsonObject input = new JsonObject().put("name", "INPUT0").put("datatype", "FP32")
                .put("shape", new JsonArray().add(count)).put("parameters", inputParameters);
        JsonObject request = new JsonObject().put("inputs", new JsonArray().add(input));
        if (outputParameters != null) {
            request.put("outputs", new JsonArray().add(new JsonObject().put("name", "OUTPUT0")
                    .put("parameters", outputParameters)));
        }
        return error(server.post("/v2/models/" + model + "/infer", request), status);
    }

    private static JsonObject region(String name, long byteSize) {
        return new JsonObject().put("shared_memory_region", name).put("shared_memory_byte_size", byteSize);
    }

    @Test
    void aNameInUseIsAlreadyExisting() {
        assertEquals("shared memory region 'kept' already in manager", register("kept", object.key(), 512, 8, 400));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../../etc/passwd", "a/b", ""})
    void aKeyThatIsNotAPlainShmNameIsRefused(String key) {
        String message = register("r", key, 0, 8, 400);
        assertEquals("invalid shared-memory key '" + key + "': a key names a POSIX shared-memory object: an optional"
                + " leading '/', then 1 to 255 letters, digits, '.', '_' or '-' (not '.' or '..')", message);
    }

    @Test
    void aKeyOf300CharactersIsRefused() {
        String message = register("r", "k".repeat(300), 0, 8, 400);
        assertTrue(message.startsWith("invalid shared-memory key 'kkkk"), message);
        assertTrue(message.contains("(300 characters)"), message);
    }

    @Test
    void aKeyThatDoesNotExistIsRefused() {
        assertEquals("Unable to open shared memory region: '/http-refusals-none': no such object in /dev/shm",
                register("r", "/http-refusals-none", 0, 8, 400));
    }

    @Test
    void aNegativeOffsetIsRefused() {
        assertEquals("failed to register shared memory region 'r': offset -8 is negative",
                register("r", object.key(), -8, 8, 400));
    }

    @Test
    void aNegativeByteSizeIsRefused() {
        assertEquals("failed to register shared memory region 'r': byte size -8 is negative",
                register("r", object.key(), 0, -8, 400));
    }

    @Test
    void aRegionBeyondTheObjectIsRefused() {
        assertEquals("failed to register shared memory region 'r': offset 1000 + byte size 100 = 1100 is beyond the"
                + " 1024 bytes of shared-memory object '" + object.key() + "'", register("r", object.key(), 1000, 100, 400));
    }

    @Test
    void anOffsetAndByteSizeThatOverflowAreRefused() {
        assertEquals("failed to register shared memory region 'r': offset " + Long.MAX_VALUE
                + " + byte size 8 overflows 64 bits", register("r", object.key(), Long.MAX_VALUE, 8, 400));
    }

    @Test
    void aByteSizeBeyond63BitsIsRefused() {
        String message = error(server.post("/v2/systemsharedmemory/region/r/register",
                "{\"key\":\"" + object.key() + "\",\"offset\":0,\"byte_size\":18446744073709551615}"), 400);
        assertEquals("failed to register shared memory region 'r': 'byte_size' 18446744073709551615 is beyond 2^63-1",
                message);
    }

    @Test
    void statusOfAnUnknownRegionIsNotFound() {
        assertEquals("Unable to find system shared memory region: 'nope'",
                error(server.get("/v2/systemsharedmemory/region/nope/status"), 404));
    }

    @Test
    void anInputInAnUnknownRegionIsNotFound() {
        assertEquals("Unable to find shared memory region: 'nope'", infer("id_fp32", region("nope", 16), null, 4, 404));
    }

    @Test
    void anOutputToAnUnknownRegionIsNotFound() {
        assertEquals("Unable to find shared memory region: 'nope'",
                infer("id_fp32", region("kept", 16), region("nope", 16), 4, 404));
    }

    @Test
    void anInputWhoseShapeNeedsOtherBytesThanTheByteSizeIsRefused() {
        assertEquals("input byte size mismatch for input 'INPUT0' for model 'id_fp32'. Expected 16, got 12"
                + " (shared_memory_byte_size)", infer("id_fp32", region("kept", 12), null, 4, 400));
    }

    @Test
    void aRegionWithoutAByteSizeIsRefused() {
        assertEquals("input 'INPUT0': parameters 'shared_memory_region' and 'shared_memory_byte_size' go together;"
                + " the request gives only 'shared_memory_region'",
                infer("id_fp32", new JsonObject().put("shared_memory_region", "kept"), null, 4, 400));
    }

    @Test
    void aByteSizeWithoutARegionIsRefused() {
        assertEquals("output 'OUTPUT0': parameters 'shared_memory_region' and 'shared_memory_byte_size' go together;"
                + " the request gives only 'shared_memory_byte_size'",
                infer("id_fp32", region("kept", 16), new JsonObject().put("shared_memory_byte_size", 16), 4, 400));
    }

    @Test
    void anInputBeyondItsRegionIsRefused() {
        JsonObject parameters = region("kept", 16).put("shared_memory_offset", 500);
        assertEquals("input 'INPUT0' (shared memory region 'kept'): offset 500 + byte size 16 = 516 is beyond the 512"
                + " bytes of the region", infer("id_fp32", parameters, null, 4, 400));
    }

    @Test
    void aNegativeInputOffsetIsRefused() {
        JsonObject parameters = region("kept", 16).put("shared_memory_offset", -4);
        assertEquals("input 'INPUT0': parameter 'shared_memory_offset' must be a non-negative integer, got -4",
                infer("id_fp32", parameters, null, 4, 400));
    }

    @Test
    void anOutputOffsetThatOverflowsIsRefused() {
        JsonObject parameters = region("kept", 16).put("shared_memory_offset", Long.MAX_VALUE);
        assertEquals("output 'OUTPUT0' (shared memory region 'kept'): offset " + Long.MAX_VALUE
                + " + byte size 16 overflows 64 bits", infer("id_fp32", region("kept", 16), parameters, 4, 400));
    }

    @Test
    void aResultLargerThanTheSpaceSetAsideIsRefused() {
        assertEquals("output 'OUTPUT0' of model 'id_fp32' (shared memory region 'kept'): the result needs 16 bytes but"
                + " the request set aside 8 (shared_memory_byte_size)",
                infer("id_fp32", region("kept", 16), region("kept", 8), 4, 400));
    }

    @Test
    void anInputWithRegionAndDataIsRefused() {
        JsonObject input = new JsonObject().put("name", "INPUT0").put("datatype", "FP32")
                .put("shape", new JsonArray().add(1)).put("parameters", region("kept", 4))
                .put("data", new JsonArray().add(1.0));
        assertEquals("unexpected 'data' provided when using shared memory for input tensor 'INPUT0' for model"
                + " 'id_fp32'", error(server.post(
                "/v2/models/id_fp32/infer", new JsonObject().put("inputs", new JsonArray().add(input))), 400));
    }

    @Test
    void aClientThatTruncatesItsObjectAfterRegisteringGetsAnErrorNotACrash() {
        try (ShmObject shrinking = ShmObject.create("http-truncated", 64)) {
            server.register("shrinking", shrinking.key(), 0, 64);
            shrinking.resize(0);

            assertEquals("input 'INPUT0' (shared memory region 'shrinking'): shared-memory object '" + shrinking.key()
                    + "' shrank to 0 bytes after it was registered; this access needs 16",
                    infer("id_fp32", region("shrinking", 16), null, 4, 400));
            server.post("/v2/systemsharedmemory/region/shrinking/unregister", "");
        }
    }
}
