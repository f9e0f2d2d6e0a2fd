package io.infergate.gateway.http;

import static io.infergate.gateway.server.ShmServer.error;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.tensor.BytesElements;
import io.infergate.gateway.server.ShmServer;
import io.infergate.testsupport.ShmObject;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Triton's system shared-memory extension over HTTP, end to end: the server started with
 * --allow-client-shm=true, real /dev/shm objects created by each test, requests over a socket.
 */
class SharedMemoryHttpTest {
    @RegisterExtension
    static final ShmServer server = new ShmServer(true);

    private static JsonObject regionParameters(String region, long byteSize) {
        return new JsonObject().put("shared_memory_region", region).put("shared_memory_byte_size", byteSize);
    }

    private static JsonObject fp32Input(String region, int count) {
        return new JsonObject().put("name", "INPUT0").put("datatype", "FP32").put("shape", new JsonArray().add(count))
                .put("parameters", regionParameters(region, count * 4L));
    }

    private static JsonObject output(String name, JsonObject parameters) {
        return new JsonObject().put("name", name).put("parameters", parameters);
    }

    private static JsonObject request(JsonObject input, JsonObject output) {
        return new JsonObject().put("inputs", new JsonArray().add(input)).put("outputs", new JsonArray().add(output));
    }

    /** BYTES elements as Triton lays them out: each a 4-byte little-endian length, then its bytes. */
    private static ByteBuffer bytesElements(String... elements) {
        return BytesElements.fromStrings(elements);
    }

    @Test
    void serverMetadataListsSystemSharedMemory() {
        JsonArray extensions = server.get("/v2").bodyAsJsonObject().getJsonArray("extensions");
        assertTrue(extensions.contains("system_shared_memory"), extensions.encode());
    }

    @Test
    void statusReportsARegisteredRegionAsTritonDoes() {
        try (ShmObject object = ShmObject.create("http-status", 256)) {
            server.register("in", object.key(), 64, 128);

            JsonArray all = server.get("/v2/systemsharedmemory/status").bodyAsJsonArray();
            JsonArray one = server.get("/v2/systemsharedmemory/region/in/status").bodyAsJsonArray();
            JsonObject expected = new JsonObject().put("name", "in").put("key", object.key()).put("offset", 64)
                    .put("byte_size", 128);
            assertEquals(new JsonArray().add(expected), all);
            assertEquals(new JsonArray().add(expected), one);
        }
    }

    @Test
    void unregisteringOneRegionLeavesTheOthers() {
        try (ShmObject object = ShmObject.create("http-unregister", 64)) {
            server.register("a", object.key(), 0, 32);
            server.register("b", object.key(), 32, 32);

            assertEquals(200, server.post("/v2/systemsharedmemory/region/a/unregister", "").statusCode());
            JsonArray left = server.get("/v2/systemsharedmemory/status").bodyAsJsonArray();
            assertEquals(1, left.size());
            assertEquals("b", left.getJsonObject(0).getString("name"));
        }
    }

    @Test
    void unregisteringWithoutANameRemovesEveryRegion() {
        try (ShmObject object = ShmObject.create("http-unregister-all", 64)) {
            server.register("a", object.key(), 0, 32);
            server.register("b", object.key(), 32, 32);

            assertEquals(200, server.post("/v2/systemsharedmemory/unregister", "").statusCode());
            assertEquals(new JsonArray(), server.get("/v2/systemsharedmemory/status").bodyAsJsonArray());
        }
    }

    @Test
    void aJsonRequestReadsItsInputFromAndWritesItsOutputIntoRegions() {
        try (ShmObject input = ShmObject.create("http-in", 16); ShmObject output = ShmObject.create("http-out", 16)) {
            input.writeFloats(0, 1.5f, -2f, 3.25f, 4f);
            server.register("in", input.key(), 0, 16);
            server.register("out", output.key(), 0, 16);

            HttpResponse<Buffer> response = server.post("/v2/models/id_fp32/infer",
                    request(fp32Input("in", 4), output("OUTPUT0", regionParameters("out", 16))));

            assertEquals(200, response.statusCode(), response.bodyAsString());
            JsonObject out = response.bodyAsJsonObject().getJsonArray("outputs").getJsonObject(0);
            assertEquals(new JsonArray().add(4), out.getJsonArray("shape"));
            assertEquals("FP32", out.getString("datatype"));
            assertEquals(regionParameters("out", 16), out.getJsonObject("parameters"));
            assertFalse(out.containsKey("data"));
            assertArrayEquals(new float[] {1.5f, -2f, 3.25f, 4f}, output.readFloats(0, 4));
        }
    }

    @Test
    void anOutputAtAnOffsetIsWrittenThereAndTheResponseSaysSo() {
        try (ShmObject object = ShmObject.create("http-offset", 64)) {
            object.writeFloats(0, 7f, 8f);
            server.register("both", object.key(), 0, 64);
            JsonObject outputParameters = regionParameters("both", 8).put("shared_memory_offset", 32);

            HttpResponse<Buffer> response = server.post("/v2/models/id_fp32/infer",
                    request(fp32Input("both", 2), output("OUTPUT0", outputParameters)));

            JsonObject out = response.bodyAsJsonObject().getJsonArray("outputs").getJsonObject(0);
            assertEquals(outputParameters, out.getJsonObject("parameters"));
            assertArrayEquals(new float[] {7f, 8f}, object.readFloats(32, 2));
        }
    }

    @Test
    void aBinaryRequestMixesRegionAndBinaryTensors() {
        try (ShmObject object = ShmObject.create("http-mixed", 64)) {
            object.writeInts(0, 10, 20, 30);
            server.register("ints", object.key(), 0, 32);
            server.register("result", object.key(), 32, 32);
            ByteBuffer strings = bytesElements("x", "yz", "");
            JsonObject json = new JsonObject()
                    .put("inputs", new JsonArray()
                            .add(new JsonObject().put("name", "A").put("datatype", "INT32").put("shape", new JsonArray().add(3))
                                    .put("parameters", regionParameters("ints", 12)))
                            .add(new JsonObject().put("name", "B").put("datatype", "BYTES").put("shape", new JsonArray().add(3))
                                    .put("parameters", new JsonObject().put("binary_data_size", strings.remaining()))))
                    .put("outputs", new JsonArray()
                            .add(output("OA", regionParameters("result", 32)))
                            .add(output("OB", new JsonObject().put("binary_data", true))));

            HttpResponse<Buffer> response = server.postBinary("/v2/models/pair/infer", json, Buffer.buffer(strings.array()));

            assertEquals(200, response.statusCode(), response.bodyAsString());
            int jsonLength = Integer.parseInt(response.getHeader("Inference-Header-Content-Length"));
            JsonObject header = new JsonObject(response.body().getBuffer(0, jsonLength));
            JsonArray outputs = header.getJsonArray("outputs");
            assertEquals(regionParameters("result", 12), outputs.getJsonObject(0).getJsonObject("parameters"));
            assertEquals(strings.remaining(), outputs.getJsonObject(1).getJsonObject("parameters")
                    .getInteger("binary_data_size"));
            assertEquals(Buffer.buffer(strings.array()), response.body().getBuffer(jsonLength, response.body().length()));
            assertArrayEquals(new int[] {10, 20, 30}, object.readInts(32, 3));
        }
    }

    @Test
    void bytesTensorsTravelThroughRegionsAndTheResponseGivesTheBytesWritten() {
        ByteBuffer strings = bytesElements("hello", "shared", "memory");
        try (ShmObject object = ShmObject.create("http-bytes", 128)) {
            object.write(0, strings);
            server.register("in", object.key(), 0, 64);
            server.register("out", object.key(), 64, 64);
            JsonObject input = new JsonObject().put("name", "INPUT0").put("datatype", "BYTES")
                    .put("shape", new JsonArray().add(3)).put("parameters", regionParameters("in", strings.remaining()));

            HttpResponse<Buffer> response = server.post("/v2/models/id_bytes/infer",
                    request(input, output("OUTPUT0", regionParameters("out", 64))));

            assertEquals(200, response.statusCode(), response.bodyAsString());
            JsonObject out = response.bodyAsJsonObject().getJsonArray("outputs").getJsonObject(0);
            assertEquals(regionParameters("out", strings.remaining()), out.getJsonObject("parameters"));
            assertEquals(strings, object.read(64, strings.remaining()));
        }
    }

    @Test
    void anOutputWithoutRegionParametersComesBackAsUsual() {
        try (ShmObject object = ShmObject.create("http-plain-out", 8)) {
            object.writeFloats(0, 1f, 2f);
            server.register("in", object.key(), 0, 8);
            JsonObject json = new JsonObject().put("inputs", new JsonArray().add(fp32Input("in", 2)));

            JsonObject out = server.post("/v2/models/id_fp32/infer", json).bodyAsJsonObject().getJsonArray("outputs")
                    .getJsonObject(0);

            assertEquals(new JsonArray().add(1.0).add(2.0), out.getJsonArray("data"));
        }
    }
}
