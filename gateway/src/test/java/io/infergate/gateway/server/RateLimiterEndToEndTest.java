package io.infergate.gateway.server;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.config.ServerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rate limiter over HTTP: two models, two instances each, whose instances all need the one copy
 * of resource R ({@code --rate-limit-resource=R:1}). Their executions report when they ran
 * ({@link ExecutionClockBackend}).
 */
class RateLimiterEndToEndTest {
    private static final String CLOCK = """
            backend: "execution_clock"
            input [ { name: "INPUT0" data_type: TYPE_INT32 dims: [ 1 ] } ]
            output [ { name: "START" data_type: TYPE_INT64 dims: [ 1 ] },
                     { name: "END" data_type: TYPE_INT64 dims: [ 1 ] } ]
            instance_group [ { count: 2 kind: KIND_CPU rate_limiter { resources [ { name: "R" count: %d } ] } } ]
            """;

    @TempDir
    static Path repository;
    private static InfergateServer server;
    private static Vertx vertx;
    private static WebClient client;

    @BeforeAll
    static void start() throws IOException {
        model("left", CLOCK.formatted(1));
        model("right", CLOCK.formatted(1));
        model("greedy", CLOCK.formatted(2));
        server = await(InfergateServer.start(ServerOptions.fromArgs("--model-repository=" + repository,
                "--http-port=0", "--metrics-port=0", "--http-address=127.0.0.1", "--grpc-port=0",
                "--grpc-address=127.0.0.1", "--exit-on-error=false", "--strict-readiness=false",
                "--rate-limit=execution_count", "--rate-limit-resource=R:1")), Duration.ofMinutes(2));
        vertx = Vertx.vertx();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.httpPort()));
    }

    @AfterAll
    static void stop() {
        await(vertx.close());
        await(server.close());
    }

    private static void model(String name, String config) throws IOException {
        Path dir = Files.createDirectories(repository.resolve(name).resolve("1")).getParent();
        Files.writeString(dir.resolve("config.pbtxt"), config);
    }

    private record Interval(String model, long start, long end) {
    }

    private static Future<Interval> execute(String model) {
        JsonObject body = new JsonObject().put("inputs", new JsonArray().add(new JsonObject().put("name", "INPUT0")
                .put("datatype", "INT32").put("shape", new JsonArray().add(1)).put("data", new JsonArray().add(1))));
        return client.post("/v2/models/" + model + "/infer").sendJsonObject(body).map(response -> {
            assertEquals(200, response.statusCode(), response.bodyAsString());
            return new Interval(model, output(response, "START"), output(response, "END"));
        });
    }

    private static long output(HttpResponse<Buffer> response, String name) {
        return response.bodyAsJsonObject().getJsonArray("outputs").stream().map(JsonObject.class::cast)
                .filter(o -> o.getString("name").equals(name)).findFirst().orElseThrow()
                .getJsonArray("data").getLong(0);
    }

    @Test
    void twoModelsSharingOneCopyOfAResourceNeverExecuteAtTheSameTime() {
        List<Future<Interval>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(execute("left"));
            calls.add(execute("right"));
        }
        await(Future.all(calls), Duration.ofMinutes(1));

        List<Interval> intervals = calls.stream().map(Future::result)
                .sorted(Comparator.comparingLong(Interval::start)).toList();
        for (int i = 1; i < intervals.size(); i++) {
            assertTrue(intervals.get(i).start() >= intervals.get(i - 1).end(),
                    "execution " + i + " started before the one before it ended: " + intervals);
        }
        assertTrue(intervals.stream().anyMatch(x -> x.model().equals("right")));
    }

    @Test
    void aModelAskingForMoreThanTheServerProvidesIsUnavailableNamingTheResource() {
        JsonObject greedy = await(client.post("/v2/repository/index").sendJsonObject(new JsonObject()))
                .bodyAsJsonArray().stream().map(JsonObject.class::cast)
                .filter(entry -> entry.getString("name").equals("greedy")).findFirst().orElseThrow();

        assertEquals("UNAVAILABLE", greedy.getString("state"));
        assertTrue(greedy.getString("reason").contains("needs 2 of resource 'R' but --rate-limit-resource gives 1"),
                greedy.getString("reason"));
        assertEquals("left", await(execute("left")).model(), "the other models keep serving");
    }
}
