package io.infergate.gateway.http;

import static io.infergate.testsupport.Await.await;
import static io.infergate.testsupport.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.gateway.server.ShmServer;
import io.infergate.testsupport.ProcessResources;
import io.infergate.testsupport.ShmObject;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Regions that requests are using when they are unregistered, and what requests hold once they are done. */
class SharedMemoryInUseHttpTest {
    @RegisterExtension
    static final ShmServer server = new ShmServer(true);

    private static JsonObject request(String inRegion, String outRegion, int count) {
        return request(inRegion, outRegion, count, count * 4);
    }

    private static JsonObject request(String inRegion, String outRegion, int count, int outputBytes) {
        JsonObject input = new JsonObject().put("name", "INPUT0").put("datatype", "FP32")
                .put("shape", new JsonArray().add(count)).put("parameters", new JsonObject()
                        .put("shared_memory_region", inRegion).put("shared_memory_byte_size", count * 4));
        JsonObject output = new JsonObject().put("name", "OUTPUT0").put("parameters", new JsonObject()
                .put("shared_memory_region", outRegion).put("shared_memory_byte_size", outputBytes));
        return new JsonObject().put("inputs", new JsonArray().add(input)).put("outputs", new JsonArray().add(output));
    }

    private static long pending(String model) {
        return server.server().models().statistics(model, "").getFirst().pendingRequests();
    }

    @Test
    void aRegionUnregisteredWhileARequestUsesItIsUnmappedAfterThatRequestIsAnswered() {
        try (ShmObject in = ShmObject.create("in-use-in", 8); ShmObject out = ShmObject.create("in-use-out", 8)) {
            in.writeFloats(0, 5f, 6f);
            server.register("in", in.key(), 0, 8);
            server.register("out", out.key(), 0, 8);
            WebClient client = WebClient.create(server.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(server.server().httpPort()));
            Future<HttpResponse<Buffer>> answer = client.post("/v2/models/slow_fp32/infer")
                    .sendJsonObject(request("in", "out", 2));
            eventually("the request to reach the model", () -> pending("slow_fp32") == 1);

            assertEquals(200, server.post("/v2/systemsharedmemory/region/out/unregister", "").statusCode());
            assertEquals(1, ProcessResources.mappingsOf(out.name()), "still mapped for the request using it");

            HttpResponse<Buffer> response = await(answer);
            assertEquals(200, response.statusCode(), response.bodyAsString());
            assertArrayEquals(new float[] {5f, 6f}, out.readFloats(0, 2));
            eventually("the region to be unmapped", () -> ProcessResources.mappingsOf(out.name()) == 0);
            client.close();
        }
    }

    @Test
    void answeredAndRefusedRequestsLeaveNoHoldOnTheirRegions() {
        try (ShmObject object = ShmObject.create("in-use-holds", 64)) {
            object.writeFloats(0, 1f, 2f);
            server.register("in", object.key(), 0, 32);
            server.register("out", object.key(), 32, 32);
            for (int i = 0; i < 200; i++) {
                assertEquals(200, server.post("/v2/models/id_fp32/infer", request("in", "out", 2)).statusCode());
                // 4 bytes set aside for an 8-byte result: refused after the model ran, with "out" leased
                assertEquals(400, server.post("/v2/models/id_fp32/infer", request("in", "out", 2, 4)).statusCode());
                // FP32 for an INT32 model: refused by the engine, with "out" leased
                assertEquals(400, server.post("/v2/models/id_int32/infer", request("in", "out", 2)).statusCode());
            }

            server.post("/v2/systemsharedmemory/unregister", "");

            assertEquals(0, ProcessResources.mappingsOf(object.name()));
        }
    }

    @Test
    void aThousandRegisterUnregisterCyclesOverHttpLeaveNoDescriptorOrMappingOfTheObject() {
        try (ShmObject object = ShmObject.create("in-use-cycles", 4096)) {
            for (int i = 0; i < 1000; i++) {
                server.register("r", object.key(), 0, 4096);
                server.post("/v2/systemsharedmemory/region/r/unregister", "");
            }

            // this JVM runs other servers too: count what leads to this object, not every descriptor
            assertEquals(1, ProcessResources.openDescriptorsOf(object.name()), "the test's own descriptor only");
            assertEquals(0, ProcessResources.mappingsOf(object.name()));
        }
    }
}
