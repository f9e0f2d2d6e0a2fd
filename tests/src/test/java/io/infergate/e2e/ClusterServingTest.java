package io.infergate.e2e;

import static io.infergate.testsupport.Await.await;
import static io.infergate.testsupport.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A gateway and two workers in separate JVMs: every kind of model answers through the gateway. */
class ClusterServingTest extends WithLocalCluster {
    static JsonObject floats(String model, String input, List<Float> values) {
        JsonObject tensor = new JsonObject().put("name", input).put("datatype", "FP32")
                .put("shape", new JsonArray().add(values.size())).put("data", new JsonArray(List.copyOf(values)));
        return new JsonObject().put("inputs", new JsonArray().add(tensor));
    }

    private static JsonArray firstOutput(HttpResponse<Buffer> response) {
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getJsonArray("outputs").getJsonObject(0).getJsonArray("data");
    }

    static HttpResponse<Buffer> accumulate(LocalCluster cluster, long id, boolean start, boolean end, int value) {
        JsonObject tensor = new JsonObject().put("name", "INPUT").put("datatype", "INT32")
                .put("shape", new JsonArray().add(1).add(1)).put("data", new JsonArray().add(value));
        JsonObject parameters = new JsonObject().put("sequence_id", id).put("sequence_start", start)
                .put("sequence_end", end);
        return cluster.post("/v2/models/accumulator/infer",
                new JsonObject().put("inputs", new JsonArray().add(tensor)).put("parameters", parameters));
    }

    @Test
    void builtInIdentityAnswersThroughTheGateway() {
        JsonArray out = firstOutput(cluster.post("/v2/models/identity/infer", new JsonObject().put("inputs",
                new JsonArray().add(new JsonObject().put("name", "INPUT0").put("datatype", "FP32")
                        .put("shape", new JsonArray().add(1).add(3)).put("data", new JsonArray().add(1.5).add(2).add(3))))));
        assertEquals(new JsonArray().add(1.5).add(2.0).add(3.0), out);
    }

    @Test
    void onnxModelAnswersThroughTheGateway() {
        JsonArray ones = new JsonArray();
        JsonArray counting = new JsonArray();
        for (int i = 0; i < 16; i++) {
            ones.add(1);
            counting.add(i);
        }
        JsonObject body = new JsonObject().put("inputs", new JsonArray()
                .add(new JsonObject().put("name", "INPUT0").put("datatype", "INT32").put("shape", new JsonArray().add(1).add(16))
                        .put("data", counting))
                .add(new JsonObject().put("name", "INPUT1").put("datatype", "INT32").put("shape", new JsonArray().add(1).add(16))
                        .put("data", ones)));
        JsonArray sums = firstOutput(cluster.post("/v2/models/simple/infer", body));
        assertEquals(1, sums.getInteger(0));
        assertEquals(16, sums.getInteger(15));
    }

    @Test
    void badInputIsRefusedByTheWorkerAndTheClusterStaysUp() {
        JsonObject body = new JsonObject().put("inputs", new JsonArray().add(new JsonObject().put("name", "INPUT0")
                .put("datatype", "INT64").put("shape", new JsonArray().add(1).add(16)).put("data", new JsonArray())));
        HttpResponse<Buffer> response = cluster.post("/v2/models/simple/infer", body);
        assertEquals(400, response.statusCode(), response.bodyAsString());
        assertEquals(200, cluster.get("/v2/health/ready").statusCode());
    }

    @Test
    void unknownModelIsNotFound() {
        HttpResponse<Buffer> response = cluster.post("/v2/models/no_such_model/infer",
                floats("no_such_model", "INPUT0", List.of(1f)));
        assertEquals(404, response.statusCode(), response.bodyAsString());
    }

    @Test
    void decoupledModelStreamsAcrossNodesInOrder() {
        ClusterStreams streams = new ClusterStreams(cluster.clientVertx(), cluster.gateway().grpcPort());
        ClusterStreams.Outcome outcome = await(streams.repeat(List.of(7, 3, 9, 1, 5), 5));
        assertEquals(List.of(7, 3, 9, 1, 5), outcome.values());
        assertEquals(List.of(), outcome.errors());
    }

    @Test
    void aSequenceKeepsItsStateOnOneWorker() {
        long id = System.nanoTime();
        int sum = 0;
        for (int step = 1; step <= 6; step++) {
            sum += step;
            HttpResponse<Buffer> response = accumulate(cluster, id, step == 1, step == 6, step);
            assertEquals(sum, firstOutput(response).getInteger(0), "step " + step);
        }
    }

    @Test
    void pythonModelOnOneWorkerCallsAModelOnTheOther() {
        JsonArray out = firstOutput(cluster.post("/v2/models/bls_remote/infer",
                floats("bls_remote", "INPUT0", List.of(4f, 5f, 6f))));
        assertEquals(new JsonArray().add(4.0).add(5.0).add(6.0), out);
    }

    @Test
    void repositoryIndexListsTheModelsOfEveryWorker() {
        JsonArray index = await(cluster.http().post("/v2/repository/index").send()).bodyAsJsonArray();
        List<String> names = index.stream().map(e -> ((JsonObject) e).getString("name")).toList();
        assertTrue(names.containsAll(List.of("accumulator", "bls_remote", "identity", "remote_identity", "simple")),
                names.toString());
    }

    @Test
    void metadataAndConfigComeFromTheWorkers() {
        JsonObject metadata = cluster.get("/v2/models/simple").bodyAsJsonObject();
        assertEquals("simple", metadata.getString("name"));
        assertEquals(2, metadata.getJsonArray("inputs").size());
        JsonObject config = cluster.get("/v2/models/simple/config").bodyAsJsonObject();
        assertEquals(8, config.getInteger("max_batch_size"));
    }

    @Test
    void statisticsAreSummedOverWorkersWithAPerNodeBreakdown() {
        for (int i = 0; i < 8; i++) {
            firstOutput(cluster.post("/v2/models/remote_identity/infer",
                    floats("remote_identity", "INPUT0", List.of(1f))));
        }
        eventually("statistics to reach the gateway", Duration.ofSeconds(10),
                () -> inferenceCount("remote_identity") >= 8);
        for (int i = 0; i < 8; i++) {
            firstOutput(cluster.post("/v2/models/slow_identity/infer", floats("slow_identity", "INPUT0", List.of(1f))));
        }
        eventually("per-node counts to add up", Duration.ofSeconds(10), () -> perNodeCounts("slow_identity").stream()
                .mapToLong(Long::longValue).sum() == inferenceCount("slow_identity"));
        List<Long> perNode = perNodeCounts("slow_identity");
        assertEquals(2, perNode.size());
        assertTrue(perNode.stream().allMatch(count -> count > 0), "both workers took requests: " + perNode);
    }

    private static long inferenceCount(String model) {
        return cluster.get("/v2/models/" + model + "/stats").bodyAsJsonObject().getJsonArray("model_stats")
                .getJsonObject(0).getLong("inference_count");
    }

    private static List<Long> perNodeCounts(String model) {
        JsonObject workers = cluster.get("/v2/cluster").bodyAsJsonObject().getJsonObject("workers");
        return workers.stream().map(worker -> ((JsonObject) worker.getValue()).getJsonArray("model_stats").stream()
                .map(JsonObject.class::cast).filter(s -> s.getString("name").equals(model))
                .mapToLong(s -> s.getLong("inference_count")).sum()).toList();
    }

    @Test
    void unloadAndLoadThroughTheGatewayReachEveryWorker() {
        HttpResponse<Buffer> unloaded = await(cluster.http().post("/v2/repository/models/identity/unload").send());
        assertEquals(200, unloaded.statusCode(), unloaded.bodyAsString());
        assertEquals(400, cluster.get("/v2/models/identity/ready").statusCode());
        HttpResponse<Buffer> loaded = await(cluster.http().post("/v2/repository/models/identity/load").send());
        assertEquals(200, loaded.statusCode(), loaded.bodyAsString());
        assertEquals(200, cluster.get("/v2/models/identity/ready").statusCode());
        assertEquals(2, cluster.get("/v2/cluster").bodyAsJsonObject().getJsonObject("workers").stream()
                .filter(w -> ((JsonObject) w.getValue()).getJsonArray("model_stats").stream()
                        .anyMatch(s -> ((JsonObject) s).getString("name").equals("identity")))
                .count());
    }
}
