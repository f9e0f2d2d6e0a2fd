package io.infergate.e2e;

import static io.infergate.testsupport.Await.await;
import static io.infergate.testsupport.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Two gateways in front of the workers: killing one, even the one the others joined through, stops none of the rest. */
class ClusterGatewayFailoverTest extends WithLocalCluster {
    private static int inferSimple(WebClient gateway) {
        JsonArray values = new JsonArray(IntStream.range(0, 16).boxed().toList());
        JsonObject body = new JsonObject().put("inputs", new JsonArray()
                .add(new JsonObject().put("name", "INPUT0").put("datatype", "INT32").put("shape", new JsonArray().add(1)
                        .add(16)).put("data", values))
                .add(new JsonObject().put("name", "INPUT1").put("datatype", "INT32").put("shape", new JsonArray().add(1)
                        .add(16)).put("data", values)));
        return await(gateway.post("/v2/models/simple/infer").sendJsonObject(body)).statusCode();
    }

    @Test
    void killingTheFirstGatewayLeavesTheSecondServing() {
        var second = cluster.startGateway("gateway-2");
        WebClient client = WebClient.create(cluster.clientVertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(second.httpPort()));
        eventually("the second gateway to be ready", Duration.ofSeconds(60),
                () -> await(client.get("/v2/health/ready").send()).statusCode() == 200);
        assertEquals(200, inferSimple(client));

        cluster.gateway().kill();

        for (int i = 0; i < 20; i++) {
            assertEquals(200, inferSimple(client), "request " + i + " after the first gateway died");
        }
        assertEquals(200, await(client.get("/v2/health/ready").send()).statusCode());
    }
}
