package io.infergate.gateway.http;

import static io.infergate.gateway.server.ShmServer.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.infergate.gateway.server.ShmServer;
import io.infergate.testsupport.ShmObject;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server started without --allow-client-shm (the default): no region can be registered or used. */
class SharedMemoryDisabledHttpTest {
    private static final String DISABLED = "system shared memory is disabled on this server: start it with"
            + " --allow-client-shm=true to let clients use shared-memory regions";

    @RegisterExtension
    static final ShmServer server = new ShmServer(false);

    @Test
    void serverMetadataDoesNotListSystemSharedMemory() {
        JsonArray extensions = server.get("/v2").bodyAsJsonObject().getJsonArray("extensions");
        assertFalse(extensions.contains("system_shared_memory"), extensions.encode());
    }

    @Test
    void registeringIsRefusedNamingTheFlag() {
        try (ShmObject object = ShmObject.create("disabled", 64)) {
            assertEquals(DISABLED, error(server.post("/v2/systemsharedmemory/region/r/register",
                    new JsonObject().put("key", object.key()).put("offset", 0).put("byte_size", 64)), 503));
        }
    }

    @Test
    void statusAndUnregisterAnswerAsForAServerWithoutRegions() {
        assertEquals(new JsonArray(), server.get("/v2/systemsharedmemory/status").bodyAsJsonArray());
        assertEquals(200, server.post("/v2/systemsharedmemory/unregister", "").statusCode());
    }

    @Test
    void cudaSharedMemoryHasNoRegionsAndRefusesToRegisterOne() {
        assertEquals(new JsonArray(), server.get("/v2/cudasharedmemory/status").bodyAsJsonArray());
        assertEquals(200, server.post("/v2/cudasharedmemory/unregister", "").statusCode());
        assertEquals("Unable to find cuda shared memory region: 'gpu'",
                error(server.get("/v2/cudasharedmemory/region/gpu/status"), 404));
        assertEquals("CUDA shared memory is not supported by this server; use system shared memory"
                + " (--allow-client-shm=true)", error(server.post("/v2/cudasharedmemory/region/gpu/register",
                        new JsonObject().put("raw_handle", new JsonObject().put("b64", "AA==")).put("device_id", 0)
                                .put("byte_size", 8)), 501));
    }

    @Test
    void aRequestNamingARegionIsRefusedNamingTheFlag() {
        JsonObject input = new JsonObject().put("name", "INPUT0").put("datatype", "FP32")
                .put("shape", new JsonArray().add(1)).put("parameters", new JsonObject()
                        .put("shared_memory_region", "r").put("shared_memory_byte_size", 4));
        assertEquals(DISABLED, error(server.post("/v2/models/id_fp32/infer",
                new JsonObject().put("inputs", new JsonArray().add(input))), 503));
    }
}
