package io.infergate.bench;

import static io.infergate.testkit.Await.await;

import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.server.InfergateServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * p50 / p99 latency of the {@code simple} model over HTTP at concurrency 1, next to a bare Vert.x
 * server echoing the same request bytes, in one run. Rounds alternate between the two so drift on
 * a noisy machine hits both alike. Usage: {@code scripts/bench-http [requests-per-round] [rounds]}.
 */
public final class HttpLatencyBenchmark {
    private HttpLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path repository = Path.of(args.length > 2 ? args[2] : "examples/model_repository");

        ServerOptions options = ServerOptions.fromArgs("--model-repository=" + repository,
                "--model-control-mode=explicit", "--load-model=simple", "--http-port=0", "--http-address=127.0.0.1",
                "--allow-metrics=false", "--allow-grpc=false");
        InfergateServer server = await(InfergateServer.start(options));
        Vertx vertx = Vertx.vertx();
        HttpServer echo = await(EchoServer.start(vertx));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(1));
        Buffer body = simpleRequest().toBuffer();

        LatencyRecorder infergate = new LatencyRecorder();
        LatencyRecorder baseline = new LatencyRecorder();
        run(client, server.httpPort(), "/v2/models/simple/infer", body, perRound, null);
        run(client, echo.actualPort(), "/", body, perRound, null);
        for (int round = 0; round < rounds; round++) {
            run(client, server.httpPort(), "/v2/models/simple/infer", body, perRound, infergate);
            run(client, echo.actualPort(), "/", body, perRound, baseline);
        }
        report(infergate, baseline, body.length());
        await(server.close());
        await(vertx.close());
    }

    static JsonObject simpleRequest() {
        JsonArray data = new JsonArray(IntStream.range(0, 16).boxed().map(Object.class::cast).toList());
        JsonObject in0 = new JsonObject().put("name", "INPUT0").put("datatype", "INT32")
                .put("shape", new JsonArray().add(1).add(16)).put("data", data);
        return new JsonObject().put("inputs", new JsonArray().add(in0).add(in0.copy().put("name", "INPUT1")));
    }

    /** Sends requests one after another; records each latency when a recorder is given (else warm-up). */
    private static void run(HttpClient client, int port, String path, Buffer body, int count, LatencyRecorder into) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                .setURI(path).putHeader("Content-Type", "application/json");
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            Buffer reply = await(client.request(request)
                    .compose(req -> req.send(body.copy()))
                    .compose(response -> response.statusCode() == 200 ? response.body()
                            : Future.failedFuture("HTTP " + response.statusCode())));
            if (into != null && reply.length() > 0) {
                into.record(System.nanoTime() - start);
            }
        }
    }

    private static void report(LatencyRecorder infergate, LatencyRecorder baseline, int requestBytes) {
        double p50 = infergate.percentileMicros(50);
        double p99 = infergate.percentileMicros(99);
        double b50 = baseline.percentileMicros(50);
        double b99 = baseline.percentileMicros(99);
        System.out.printf("requests per series: %d, request body %d bytes, concurrency 1%n", infergate.count(),
                requestBytes);
        System.out.println("| server | p50 (us) | p99 (us) |");
        System.out.println("|---|---|---|");
        System.out.printf("| Infergate, model `simple` | %.0f | %.0f |%n", p50, p99);
        System.out.printf("| bare Vert.x echo of the same bytes | %.0f | %.0f |%n", b50, b99);
        System.out.printf("| ratio | %.2fx | %.2fx |%n", p50 / b50, p99 / b99);
    }
}
