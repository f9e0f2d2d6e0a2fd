package io.infergate.perf;

import io.infergate.perf.PerfOptions.Protocol;
import io.infergate.perf.baseline.EchoServer;
import io.infergate.perf.baseline.GrpcEchoServer;
import io.infergate.perf.client.GrpcInferClient;
import io.infergate.perf.client.GrpcServerApi;
import io.infergate.perf.client.HttpInferClient;
import io.infergate.perf.client.HttpServerApi;
import io.infergate.perf.client.InferClient;
import io.infergate.perf.client.GrpcStreamInferClient;
import io.infergate.perf.client.InputTensor;
import io.infergate.perf.client.ModelInfo;
import io.infergate.perf.client.ServerApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.util.List;

/**
 * The clients of the protocol under test (-i): for the server's API, for inference, and for the
 * echo baseline of the same protocol (a bare Vert.x HTTP server, or a bare vertx-grpc server).
 */
final class ProtocolClients {
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;

    private final PerfOptions options;
    private final Vertx vertx;
    private final HttpClient http;
    private final GrpcClient grpc;
    private final ServerApi api;
    private final int connections;

    /** @param connections HTTP/1.1 connections per server: one per request in flight */
    ProtocolClients(PerfOptions options, Vertx vertx, int connections) {
        this.options = options;
        this.vertx = vertx;
        this.connections = connections;
        if (options.protocol() == Protocol.HTTP) {
            http = httpClient();
            grpc = null;
            api = new HttpServerApi(http, options.host(), options.port(), options.model(), options.version());
        } else {
            http = null;
            grpc = GrpcClient.client(vertx);
            api = new GrpcServerApi(grpc, SocketAddress.inetSocketAddress(options.port(), options.host()),
                    options.model(), options.version());
        }
    }

    private HttpClient httpClient() {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                .setConnectTimeout(CONNECT_TIMEOUT_MILLIS), new PoolOptions().setHttp1MaxSize(connections));
    }

    ServerApi api() {
        return api;
    }

    InferClient server(ModelInfo model, List<InputTensor> inputs) {
        return http != null
                ? new HttpInferClient(http, options.host(), options.port(), ((HttpServerApi) api).inferPath(), inputs,
                        options.binaryData())
                : grpcClient(grpc, SocketAddress.inetSocketAddress(options.port(), options.host()), model, inputs);
    }

    private InferClient grpcClient(GrpcClient client, SocketAddress address, ModelInfo model,
            List<InputTensor> inputs) {
        var request = GrpcInferClient.request(options.model(), options.version(), inputs);
        return options.streaming() ? new GrpcStreamInferClient(client, address, request, model.decoupled())
                : new GrpcInferClient(client, address, request);
    }

    /**
     * Starts the echo server of this protocol in this process, and a client of it with the same
     * inputs and its own connection pool, so the two targets never wait on each other's connections.
     */
    InferClient echo(ModelInfo model, List<InputTensor> inputs) {
        Future<HttpServer> started = http != null ? EchoServer.start(vertx) : GrpcEchoServer.start(vertx);
        int port = PerfRun.await(started, "the echo baseline").actualPort();
        return http != null
                ? new HttpInferClient(httpClient(), "127.0.0.1", port, "/", inputs, options.binaryData())
                : grpcClient(GrpcClient.client(vertx), SocketAddress.inetSocketAddress(port, "127.0.0.1"), model,
                        inputs);
    }
}
