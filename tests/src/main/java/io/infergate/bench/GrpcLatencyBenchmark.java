package io.infergate.bench;

import static io.infergate.testkit.Await.await;

import com.google.protobuf.ByteString;
import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.grpc.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.grpc.proto.ModelInferRequest;
import io.infergate.gateway.grpc.proto.ModelInferRequest.InferInputTensor;
import io.infergate.gateway.server.InfergateServer;
import io.infergate.perf.load.LatencyRecorder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The {@code simple} model over gRPC and over HTTP, next to a bare vertx-grpc echo of the same
 * request frame, in one run: p50 / p99 at concurrency 1 (rounds alternate between the three so
 * drift hits all alike) and throughput with 16 requests always in flight. Usage:
 * {@code GrpcLatencyBenchmark [requests-per-round] [rounds] [throughput-seconds] [repository]}.
 */
public final class GrpcLatencyBenchmark {
    private static final int CONCURRENCY = 16;

    private GrpcLatencyBenchmark() {
    }

    /** One kind of call, by name. */
    private record Target(String name, Supplier<Future<?>> call) {
    }

    public static void main(String[] args) {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path repository = Path.of(args.length > 3 ? args[3] : "examples/model_repository");

        ServerOptions options = ServerOptions.fromArgs("--model-repository=" + repository,
                "--model-control-mode=explicit", "--load-model=simple", "--http-port=0", "--grpc-port=0",
                "--http-address=127.0.0.1", "--grpc-address=127.0.0.1", "--allow-metrics=false");
        InfergateServer server = await(InfergateServer.start(options));
        Vertx vertx = Vertx.vertx();
        HttpServer echo = await(GrpcEchoServer.start(vertx));
        GrpcClient grpc = GrpcClient.client(vertx);
        HttpClient http = vertx.createHttpClient();

        ModelInferRequest request = simpleRequest();
        Buffer frame = Buffer.buffer(request.toByteArray());
        Buffer json = simpleJson().toBuffer();
        SocketAddress infergate = SocketAddress.inetSocketAddress(server.grpcPort(), "127.0.0.1");
        SocketAddress bare = SocketAddress.inetSocketAddress(echo.actualPort(), "127.0.0.1");
        RequestOptions post = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                .setPort(server.httpPort()).setURI("/v2/models/simple/infer").putHeader("Content-Type", "application/json");
        List<Target> targets = List.of(
                new Target("Infergate gRPC, model `simple`", () -> grpc.request(infergate,
                        GRPCInferenceServiceGrpcClient.ModelInfer).compose(call -> call.end(request)
                        .compose(v -> call.response()).compose(response -> response.last()))),
                new Target("Infergate HTTP/JSON, model `simple`", () -> http.request(post)
                        .compose(call -> call.send(json.copy())).compose(response -> response.statusCode() == 200
                                ? response.body() : Future.failedFuture("HTTP " + response.statusCode()))),
                new Target("bare vertx-grpc echo of the same frame", () -> grpc.request(bare).compose(call -> {
                    call.fullMethodName("inference.GRPCInferenceService/ModelInfer");
                    return call.endMessage(GrpcMessage.message("identity", frame.copy()))
                            .compose(v -> call.response()).compose(response -> response.last());
                })));

        LatencyRecorder[] latencies = new LatencyRecorder[targets.size()];
        for (int t = 0; t < targets.size(); t++) {
            latencies[t] = new LatencyRecorder();
            sequential(targets.get(t), perRound, null);
        }
        for (int round = 0; round < rounds; round++) {
            for (int t = 0; t < targets.size(); t++) {
                sequential(targets.get(t), perRound, latencies[t]);
            }
        }
        System.out.printf("concurrency 1: %d requests per series; concurrency %d: %d s per series%n",
                latencies[0].count(), CONCURRENCY, seconds);
        System.out.println("| server | p50 (us) | p99 (us) | requests/s at " + CONCURRENCY + " in flight |");
        System.out.println("|---|---|---|---|");
        for (int t = 0; t < targets.size(); t++) {
            double throughput = concurrent(targets.get(t), seconds);
            System.out.printf("| %s | %.0f | %.0f | %.0f |%n", targets.get(t).name(),
                    latencies[t].percentileMicros(50), latencies[t].percentileMicros(99), throughput);
        }
        await(server.close());
        await(vertx.close());
    }

    /** The {@code simple} model's request as tritonclient sends it: two INT32 [1,16] inputs in raw contents. */
    /** The same inputs as JSON, for the HTTP series. */
    private static JsonObject simpleJson() {
        JsonArray data = new JsonArray(IntStream.range(0, 16).boxed().map(Object.class::cast).toList());
        JsonObject in0 = new JsonObject().put("name", "INPUT0").put("datatype", "INT32")
                .put("shape", new JsonArray().add(1).add(16)).put("data", data);
        return new JsonObject().put("inputs", new JsonArray().add(in0).add(in0.copy().put("name", "INPUT1")));
    }

    private static ModelInferRequest simpleRequest() {
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 16; i++) {
            data.putInt(i);
        }
        ByteString raw = ByteString.copyFrom(data.flip());
        InferInputTensor.Builder input = InferInputTensor.newBuilder().setDatatype("INT32").addShape(1).addShape(16);
        return ModelInferRequest.newBuilder().setModelName("simple")
                .addInputs(input.setName("INPUT0")).addInputs(input.setName("INPUT1"))
                .addRawInputContents(raw).addRawInputContents(raw).build();
    }

    /** One request after another; records each latency when a recorder is given (else warm-up). */
    private static void sequential(Target target, int count, LatencyRecorder into) {
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            await(target.call().get());
            if (into != null) {
                into.record(System.nanoTime() - start);
            }
        }
    }

    /** Keeps CONCURRENCY requests in flight for the given time; completed requests per second. */
    private static double concurrent(Target target, int seconds) {
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        AtomicLong completed = new AtomicLong();
        List<Future<Void>> lanes = IntStream.range(0, CONCURRENCY).mapToObj(lane -> {
            Promise<Void> done = Promise.promise();
            next(target, end, completed, done);
            return done.future();
        }).toList();
        await(Future.all(lanes));
        return completed.get() / ((System.nanoTime() - start) / 1e9);
    }

    // one lane: the next request starts when the previous one completes (no future chain that grows)
    private static void next(Target target, long end, AtomicLong completed, Promise<Void> done) {
        if (System.nanoTime() >= end) {
            done.complete();
            return;
        }
        target.call().get().onComplete(result -> {
            if (result.failed()) {
                done.fail(result.cause());
                return;
            }
            completed.incrementAndGet();
            next(target, end, completed, done);
        });
    }
}
