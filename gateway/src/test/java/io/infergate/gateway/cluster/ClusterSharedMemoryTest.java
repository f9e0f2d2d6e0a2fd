package io.infergate.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.server.InfergateServer;
import io.infergate.testsupport.Await;
import io.infergate.testsupport.ShmObject;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared memory in a cluster of two nodes in this JVM: one that runs the model and one gateway.
 * A region lives on the node that registered it: a request there is served (the region read and
 * written there, the model run by a worker over the event bus); the same request to the other
 * node is refused, naming the node it reached.
 */
class ClusterSharedMemoryTest {
    @TempDir
    Path repository;

    /** Forming a cluster (Hazelcast discovery) may take longer than a request. */
    private static <T> T await(Future<T> future) {
        return Await.await(future, Duration.ofSeconds(120));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private InfergateServer node(String role, int port, int firstMember) {
        return await(InfergateServer.start(ServerOptions.fromArgs("--cluster", "--role=" + role,
                "--cluster-name=shm-" + firstMember, "--cluster-port=" + port,
                "--cluster-members=127.0.0.1:" + firstMember, "--model-repository=" + repository,
                "--http-port=0", "--grpc-port=0", "--allow-metrics=false", "--http-address=127.0.0.1",
                "--grpc-address=127.0.0.1", "--allow-client-shm=true")));
    }

    private static JsonObject request(int count) {
        JsonObject input = new JsonObject().put("name", "INPUT0").put("datatype", "FP32")
                .put("shape", new JsonArray().add(count)).put("parameters", new JsonObject()
                        .put("shared_memory_region", "in").put("shared_memory_byte_size", count * 4));
        JsonObject output = new JsonObject().put("name", "OUTPUT0").put("parameters", new JsonObject()
                .put("shared_memory_region", "out").put("shared_memory_byte_size", count * 4));
        return new JsonObject().put("inputs", new JsonArray().add(input)).put("outputs", new JsonArray().add(output));
    }

    @Test
    void aRegionIsServedOnTheNodeThatRegisteredItAndRefusedElsewhere() throws Exception {
        Path model = Files.createDirectories(repository.resolve("id_fp32").resolve("1"));
        Files.writeString(model.getParent().resolve("config.pbtxt"), """
                backend: "identity"
                max_batch_size: 0
                input [ { name: "INPUT0" data_type: TYPE_FP32 dims: [ -1 ] } ]
                output [ { name: "OUTPUT0" data_type: TYPE_FP32 dims: [ -1 ] } ]
                """);
        int first = freePort();
        InfergateServer worker = node("all", first, first);
        InfergateServer gateway = node("gateway", freePort(), first);
        Vertx vertx = Vertx.vertx();
        try (ShmObject in = ShmObject.create("cluster-in", 8); ShmObject out = ShmObject.create("cluster-out", 8)) {
            WebClient toWorker = WebClient.create(vertx);
            WebClient toGateway = WebClient.create(vertx);
            in.writeFloats(0, 3f, 4f);
            for (String region : new String[] {"in", "out"}) {
                String key = region.equals("in") ? in.key() : out.key();
                HttpResponse<Buffer> registered = await(toWorker.post(worker.httpPort(), "127.0.0.1",
                        "/v2/systemsharedmemory/region/" + region + "/register").sendJsonObject(new JsonObject()
                                .put("key", key).put("offset", 0).put("byte_size", 8)));
                assertEquals(200, registered.statusCode(), registered.bodyAsString());
            }
            Await.eventually("the worker to serve through the cluster", () -> await(toWorker.get(worker.httpPort(),
                    "127.0.0.1", "/v2/models/id_fp32/ready").send()).statusCode() == 200);

            HttpResponse<Buffer> served = await(toWorker.post(worker.httpPort(), "127.0.0.1",
                    "/v2/models/id_fp32/infer").sendJsonObject(request(2)));
            HttpResponse<Buffer> elsewhere = await(toGateway.post(gateway.httpPort(), "127.0.0.1",
                    "/v2/models/id_fp32/infer").sendJsonObject(request(2)));

            assertEquals(200, served.statusCode(), served.bodyAsString());
            assertArrayEquals(new float[] {3f, 4f}, out.readFloats(0, 2));
            assertEquals(404, elsewhere.statusCode(), elsewhere.bodyAsString());
            assertEquals("Unable to find shared memory region: 'in' on cluster node " + gateway.clusterNodeId()
                    .orElseThrow() + " (a region is used only on the node that registered it)",
                    elsewhere.bodyAsJsonObject().getString("error"));
        } finally {
            await(vertx.close());
            await(gateway.close());
            await(worker.close());
        }
    }
}
