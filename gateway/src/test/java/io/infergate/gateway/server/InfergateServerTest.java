package io.infergate.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.ModelIndexEntry;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.infergate.gateway.config.CommandLine;
import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.ServerLiveRequest;
import io.infergate.gateway.metrics.MetricsEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Starts the whole server in-process on free ports over a temporary repository. */
@ExtendWith(VertxExtension.class)
class InfergateServerTest {
    private static final String IDENTITY_CONFIG = """
            backend: "identity"
            max_batch_size: 8
            input [ { name: "INPUT0" data_type: TYPE_FP32 dims: [ -1 ] } ]
            output [ { name: "OUTPUT0" data_type: TYPE_FP32 dims: [ -1 ] } ]
            """;

    @TempDir
    Path repository;
    private InfergateServer server;

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close().await();
        }
    }

    private void model(String name, String config, String... versions) throws IOException {
        Path dir = Files.createDirectories(repository.resolve(name));
        Files.writeString(dir.resolve("config.pbtxt"), config);
        for (String version : versions) {
            Files.createDirectories(dir.resolve(version));
        }
    }

    private ServerOptions options(String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--model-repository=" + repository,
                "--http-port=0", "--metrics-port=0", "--http-address=127.0.0.1", "--grpc-port=0",
                "--grpc-address=127.0.0.1"));
        args.addAll(List.of(extraArgs));
        return ServerOptions.resolve(CommandLine.parse(args).values());
    }

    private static InferenceRequest identityRequest(String model) {
        ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1f).putFloat(2f).flip();
        Tensor input = new Tensor("INPUT0", DataType.FP32, new long[] {1, 2}, data);
        return new InferenceRequest("", model, "", List.of(input), List.of(), Map.of());
    }

    private static Future<String> scrape(Vertx vertx, int port) {
        return vertx.createHttpClient()
                .request(HttpMethod.GET, port, "127.0.0.1", MetricsEndpoint.PATH)
                .compose(request -> request.send())
                .compose(response -> {
                    assertEquals(MetricsEndpoint.CONTENT_TYPE, response.getHeader("content-type"));
                    return response.body();
                })
                .map(Buffer::toString);
    }

    /** Starts a server with the identity model "echo", runs one inference and scrapes /metrics. */
    private Future<String> metricsAfterOneInference(Vertx vertx) throws IOException {
        model("echo", IDENTITY_CONFIG, "1");
        return InfergateServer.start(options())
                .compose(started -> {
                    server = started;
                    return started.inference().infer(identityRequest("echo"));
                })
                .compose(response -> scrape(vertx, server.metricsPort()));
    }

    @Test
    void metricsCountASuccessfulInferenceUnderTritonsName(Vertx vertx, VertxTestContext test) throws IOException {
        metricsAfterOneInference(vertx)
                .onComplete(test.succeeding(text -> test.verify(() -> {
                    assertTrue(text.lines().toList().contains("nv_inference_request_success{model=\"echo\",version=\"1\"} 1"),
                            text);
                    test.completeNow();
                })));
    }

    @Test
    void inferencesCostNoPerMessageEventBusMeters(Vertx vertx, VertxTestContext test) throws IOException {
        metricsAfterOneInference(vertx)
                .onComplete(test.succeeding(text -> test.verify(() -> {
                    assertTrue(text.lines().noneMatch(line -> line.startsWith("vertx_eventbus_")), text);
                    test.completeNow();
                })));
    }

    @Test
    void metricsIncludeJvmAndVertxMeters(Vertx vertx, VertxTestContext test) throws IOException {
        model("echo", IDENTITY_CONFIG, "1");
        InfergateServer.start(options())
                .compose(started -> {
                    server = started;
                    return scrape(vertx, started.metricsPort());
                })
                .onComplete(test.succeeding(text -> test.verify(() -> {
                    assertTrue(text.contains("\njvm_memory_used_bytes{"), "JVM meters");
                    assertTrue(text.contains("\nvertx_"), "Vert.x meters");
                    test.completeNow();
                })));
    }

    @Test
    void httpFrontendAnswersReadinessOnItsPort(Vertx vertx, VertxTestContext test) throws IOException {
        model("echo", IDENTITY_CONFIG, "1");
        InfergateServer.start(options())
                .compose(started -> {
                    server = started;
                    return vertx.createHttpClient().request(HttpMethod.GET, started.httpPort(), "127.0.0.1",
                            "/v2/health/ready");
                })
                .compose(request -> request.send())
                .onComplete(test.succeeding(response -> test.verify(() -> {
                    assertEquals(200, response.statusCode());
                    test.completeNow();
                })));
    }

    @Test
    void httpIsNotServedWhenDisallowed(VertxTestContext test) throws IOException {
        model("echo", IDENTITY_CONFIG, "1");
        InfergateServer.start(options("--allow-http=false")).onComplete(test.succeeding(started -> test.verify(() -> {
            server = started;
            assertEquals(-1, started.httpPort());
            test.completeNow();
        })));
    }

    @Test
    void grpcFrontendAnswersLivenessOnItsPort(Vertx vertx, VertxTestContext test) throws IOException {
        model("echo", IDENTITY_CONFIG, "1");
        InfergateServer.start(options())
                .compose(started -> {
                    server = started;
                    return GRPCInferenceServiceGrpcClient.create(GrpcClient.client(vertx),
                            SocketAddress.inetSocketAddress(started.grpcPort(), "127.0.0.1"))
                            .serverLive(ServerLiveRequest.getDefaultInstance());
                })
                .onComplete(test.succeeding(response -> test.verify(() -> {
                    assertTrue(response.getLive());
                    test.completeNow();
                })));
    }

    @Test
    void grpcCallsAreMeteredPerMethod(Vertx vertx, VertxTestContext test) throws IOException {
        model("echo", IDENTITY_CONFIG, "1");
        InfergateServer.start(options())
                .compose(started -> {
                    server = started;
                    return GRPCInferenceServiceGrpcClient.create(GrpcClient.client(vertx),
                            SocketAddress.inetSocketAddress(started.grpcPort(), "127.0.0.1"))
                            .serverLive(ServerLiveRequest.getDefaultInstance());
                })
                .compose(live -> scrape(vertx, server.metricsPort()))
                .onComplete(test.succeeding(text -> test.verify(() -> {
                    assertTrue(text.lines().anyMatch(line -> line.startsWith("vertx_http_server_requests_total{")
                            && line.contains("route=\"/inference.GRPCInferenceService/ServerLive\"")), text);
                    test.completeNow();
                })));
    }

    @Test
    void grpcIsNotServedWhenDisallowed(VertxTestContext test) throws IOException {
        model("echo", IDENTITY_CONFIG, "1");
        InfergateServer.start(options("--allow-grpc=false")).onComplete(test.succeeding(started -> test.verify(() -> {
            server = started;
            assertEquals(-1, started.grpcPort());
            test.completeNow();
        })));
    }

    @Test
    void metricsAreNotServedWhenDisallowed(VertxTestContext test) throws IOException {
        model("echo", IDENTITY_CONFIG, "1");
        InfergateServer.start(options("--allow-metrics=false")).onComplete(test.succeeding(started -> test.verify(() -> {
            server = started;
            assertEquals(-1, started.metricsPort());
            test.completeNow();
        })));
    }

    @Test
    void modelThatFailsToLoadStopsStartUpWhenExitOnErrorIsSet(VertxTestContext test) throws IOException {
        model("echo", IDENTITY_CONFIG, "1");
        model("broken", "backend: \"no_such_backend\"\n", "1");
        InfergateServer.start(options("--exit-on-error=true")).onComplete(test.failing(failure -> test.verify(() -> {
            UnavailableModelsException e = assertInstanceOf(UnavailableModelsException.class, failure);
            assertTrue(e.getMessage().contains("broken"), e.getMessage());
            assertTrue(e.models().stream().anyMatch(model -> model.name().equals("echo")), "whole index kept");
            test.completeNow();
        })));
    }

    @Test
    void aRepositoryThatCannotBeListedStopsStartUpWhenExitOnErrorIsSet(VertxTestContext test) throws IOException {
        model("echo", IDENTITY_CONFIG, "1");
        Path missing = repository.resolve("no-such-folder");
        InfergateServer.start(options("--exit-on-error=true", "--model-repository=" + missing))
                .onComplete(test.failing(failure -> test.verify(() -> {
                    assertTrue(failure.getMessage().contains("failed to poll from model repository " + missing),
                            failure.getMessage());
                    test.completeNow();
                })));
    }

    @Test
    void aRepositoryThatCannotBeListedLeavesTheOthersServingWhenExitOnErrorIsOff(VertxTestContext test)
            throws IOException {
        model("echo", IDENTITY_CONFIG, "1");
        Path missing = repository.resolve("no-such-folder");
        InfergateServer.start(options("--exit-on-error=false", "--model-repository=" + missing))
                .onComplete(test.succeeding(started -> test.verify(() -> {
                    server = started;
                    assertTrue(started.models().isModelReady("echo", ""));
                    test.completeNow();
                })));
    }

    @Test
    void modelThatFailsToLoadIsReportedWhenExitOnErrorIsOff(VertxTestContext test) throws IOException {
        model("broken", "backend: \"no_such_backend\"\n", "1");
        InfergateServer.start(options("--exit-on-error=false")).onComplete(test.succeeding(started -> test.verify(() -> {
            server = started;
            List<ModelIndexEntry> index = started.models().index(false);
            assertEquals("UNAVAILABLE", index.getFirst().state());
            test.completeNow();
        })));
    }

    @Test
    void portInUseFailsStartUp(Vertx vertx, VertxTestContext test) throws IOException {
        model("echo", IDENTITY_CONFIG, "1");
        vertx.createHttpServer().requestHandler(request -> request.response().end())
                .listen(0, "127.0.0.1")
                .compose(busy -> InfergateServer.start(options("--metrics-port=" + busy.actualPort())))
                .onComplete(test.failing(failure -> test.completeNow()));
    }
}
