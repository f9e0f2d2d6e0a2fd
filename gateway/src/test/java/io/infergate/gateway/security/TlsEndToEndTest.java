package io.infergate.gateway.security;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.kserve.proto.GRPCInferenceServiceGrpcClient;
import io.infergate.gateway.kserve.proto.ServerLiveRequest;
import io.infergate.gateway.server.InfergateServer;
import io.infergate.testsupport.Await;
import io.infergate.testsupport.TestCertificates;
import io.infergate.testsupport.TestCertificates.Pem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server with TLS on its three ports, driven over real sockets by Vert.x clients with
 * certificates this test makes: who gets an answer and who is refused during the handshake.
 */
class TlsEndToEndTest {
    @TempDir
    Path dir;
    private final Vertx clients = Vertx.vertx();
    private TestCertificates ca;
    private Pem serverPem;
    private InfergateServer server;

    @BeforeEach
    void makeCertificates() {
        ca = TestCertificates.authority(dir, "ca");
        serverPem = ca.server("server");
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close().await();
        }
        clients.close().await();
    }

    private void start(String... tlsFlags) {
        List<String> args = new ArrayList<>(List.of("--model-control-mode=explicit", "--http-port=0", "--grpc-port=0",
                "--metrics-port=0", "--http-address=127.0.0.1", "--grpc-address=127.0.0.1"));
        args.addAll(List.of(tlsFlags));
        server = await(InfergateServer.start(ServerOptions.fromArgs(args.toArray(String[]::new))));
    }

    private void startHttps(boolean mutual) {
        start("--http-ssl-cert=" + serverPem.certificate(), "--http-ssl-key=" + serverPem.key(),
                "--http-ssl-root-cert=" + ca.caCertificate(), "--http-ssl-mutual=" + mutual,
                "--ssl-reload-interval-ms=100");
    }

    private void startGrpcTls(boolean mutual) {
        start(mutual ? "--grpc-use-ssl-mutual" : "--grpc-use-ssl", "--grpc-server-cert=" + serverPem.certificate(),
                "--grpc-server-key=" + serverPem.key(), "--grpc-root-cert=" + ca.caCertificate());
    }

    /** Client options trusting {@code trusted} (null: the JDK's defaults) and presenting {@code identity} (or none). */
    private static HttpClientOptions tls(Path trusted, Pem identity) {
        HttpClientOptions options = new HttpClientOptions().setSsl(true).setUseAlpn(true);
        if (trusted != null) {
            options.setTrustOptions(new PemTrustOptions().addCertPath(trusted.toString()));
        }
        if (identity != null) {
            options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(identity.certificate().toString())
                    .setKeyPath(identity.key().toString()));
        }
        return options;
    }

    /** GET on the port with a fresh client (no pooled connection, no cached TLS session); the protocol and body. */
    private Future<String> get(HttpClientOptions options, int port, String path) {
        HttpClientAgent client = clients.createHttpClient(options);
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
                        .setURI(path))
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.version() + " " + response.statusCode()
                        + " " + body.toString().length()))
                .eventually(client::close);
    }

    private Future<Boolean> grpcLive(HttpClientOptions options) {
        GrpcClient client = GrpcClient.client(clients, options.setProtocolVersion(HttpVersion.HTTP_2));
        return GRPCInferenceServiceGrpcClient.create(client, SocketAddress.inetSocketAddress(server.grpcPort(),
                        "127.0.0.1"))
                .serverLive(ServerLiveRequest.getDefaultInstance())
                .map(response -> response.getLive())
                .eventually(client::close);
    }

    @Test
    void httpsAnswersAClientThatTrustsTheAuthorityOverHttp11AndHttp2() {
        startHttps(false);
        String http11 = await(get(tls(ca.caCertificate(), null), server.httpPort(), "/v2/health/live"));
        assertTrue(http11.startsWith("HTTP_1_1 200"), http11);
        String http2 = await(get(tls(ca.caCertificate(), null).setProtocolVersion(HttpVersion.HTTP_2),
                server.httpPort(), "/v2/health/live"));
        assertTrue(http2.startsWith("HTTP_2 200"), http2);
    }

    @Test
    void httpsRefusesAClientThatDoesNotTrustTheAuthority() {
        startHttps(false);
        Await.failure(get(tls(null, null), server.httpPort(), "/v2/health/live"), Exception.class);
    }

    @Test
    void aRestrictedRequestOverHttp2AndTlsGetsItsRefusal() {
        start("--http-ssl-cert=" + serverPem.certificate(), "--http-ssl-key=" + serverPem.key(),
                "--http-restricted-api=health:k=v");
        String refused = await(get(tls(ca.caCertificate(), null).setProtocolVersion(HttpVersion.HTTP_2),
                server.httpPort(), "/v2/health/live"));
        assertTrue(refused.startsWith("HTTP_2 403"), refused);
    }

    @Test
    void aMissingCertificateFileStopsStartUpNamingIt() {
        Path missing = dir.resolve("missing.crt");
        RuntimeException failure = Await.failure(InfergateServer.start(ServerOptions.fromArgs(
                "--model-control-mode=explicit", "--http-port=0", "--allow-grpc=false", "--allow-metrics=false",
                "--http-address=127.0.0.1", "--http-ssl-cert=" + missing, "--http-ssl-key=" + serverPem.key())),
                RuntimeException.class);
        assertTrue(failure.getMessage().contains("cannot read TLS file " + missing), failure.getMessage());
    }

    @Test
    void plainHttpGetsNoAnswerFromTheHttpsPort() {
        startHttps(false);
        Await.failure(get(new HttpClientOptions(), server.httpPort(), "/v2/health/live"), Exception.class);
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificate() {
        startHttps(true);
        Await.failure(get(tls(ca.caCertificate(), null), server.httpPort(), "/v2/health/live"), Exception.class);
    }

    @Test
    void mutualTlsRefusesAClientCertificateFromAnotherAuthority() {
        startHttps(true);
        Pem stranger = TestCertificates.authority(dir, "other-ca").client("stranger");
        Await.failure(get(tls(ca.caCertificate(), stranger), server.httpPort(), "/v2/health/live"), Exception.class);
    }

    @Test
    void mutualTlsRefusesAnExpiredClientCertificate() {
        startHttps(true);
        Await.failure(get(tls(ca.caCertificate(), ca.expired("expired-client")), server.httpPort(), "/v2/health/live"),
                Exception.class);
    }

    @Test
    void mutualTlsAnswersAClientWithACertificateFromTheAuthority() {
        startHttps(true);
        String answer = await(get(tls(ca.caCertificate(), ca.client("client")), server.httpPort(), "/v2/health/live"));
        assertTrue(answer.startsWith("HTTP_1_1 200"), answer);
    }

    @Test
    void metricsPortServesWithTheHttpPortsMutualTls() {
        startHttps(true);
        String metrics = await(get(tls(ca.caCertificate(), ca.client("scraper")), server.metricsPort(), "/metrics"));
        assertTrue(metrics.startsWith("HTTP_1_1 200"), metrics);
        Await.failure(get(tls(ca.caCertificate(), null), server.metricsPort(), "/metrics"), Exception.class);
    }

    @Test
    void clientsRefuseAnExpiredServerCertificate() {
        serverPem = ca.expired("expired-server");
        startHttps(false);
        Await.failure(get(tls(ca.caCertificate(), null), server.httpPort(), "/v2/health/live"), Exception.class);
    }

    @Test
    void changedCertificateFilesAreServedWithoutARestart() throws Exception {
        startHttps(false);
        TestCertificates newCa = TestCertificates.authority(dir, "new-ca");
        Pem renewed = newCa.server("renewed");
        Await.failure(get(tls(newCa.caCertificate(), null), server.httpPort(), "/v2/health/live"), Exception.class);

        // as a certificate manager renews: new files moved over the old ones
        Files.move(renewed.key(), serverPem.key(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(renewed.certificate(), serverPem.certificate(), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);

        Await.eventually("the renewed certificate is served", Duration.ofSeconds(60), () ->
                get(tls(newCa.caCertificate(), null), server.httpPort(), "/v2/health/live")
                        .toCompletionStage().toCompletableFuture().handle((answer, failure) -> failure == null).get());
        Await.failure(get(tls(ca.caCertificate(), null), server.httpPort(), "/v2/health/live"), Exception.class);
    }

    @Test
    void grpcOverTlsAnswersAClientThatTrustsTheAuthority() {
        startGrpcTls(false);
        assertEquals(true, await(grpcLive(tls(ca.caCertificate(), null))));
    }

    @Test
    void grpcOverTlsRefusesAClientThatDoesNotTrustTheAuthority() {
        startGrpcTls(false);
        Await.failure(grpcLive(tls(null, null)), Exception.class);
    }

    @Test
    void grpcMutualTlsRefusesAClientWithoutACertificate() {
        startGrpcTls(true);
        Await.failure(grpcLive(tls(ca.caCertificate(), null)), Exception.class);
    }

    @Test
    void grpcMutualTlsAnswersAClientWithACertificateFromTheAuthority() {
        startGrpcTls(true);
        assertEquals(true, await(grpcLive(tls(ca.caCertificate(), ca.client("grpc-client")))));
    }

    @Test
    void grpcMutualTlsRefusesAnExpiredClientCertificate() {
        startGrpcTls(true);
        Await.failure(grpcLive(tls(ca.caCertificate(), ca.expired("expired-grpc-client"))), Exception.class);
    }
}
