package io.infergate.e2e;

import io.infergate.testsupport.TestCertificates;
import io.infergate.testsupport.TestCertificates.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * tritonclient over mutual TLS: HTTP with {@code ssl=True} and {@code ssl_options}, gRPC with
 * {@code ssl=True}, {@code root_certificates}, {@code private_key} and {@code certificate_chain},
 * against a server whose HTTP and gRPC ports both require a client certificate and whose
 * model-repository category needs a header (sent with tritonclient's {@code headers}).
 */
class TritonClientSecurityTest {
    private static final Path FOLDER = temporaryFolder();
    private static final TestCertificates CA = TestCertificates.authority(FOLDER, "ca");
    private static final Pem SERVER_PEM = CA.server("server");
    private static final Pem CLIENT_PEM = CA.client("client");
    private static final String ADMIN_KEY = "admin-key";
    private static final String ADMIN_VALUE = "s3cret";
    private static final String CHECKS = ClientPython.SCRIPTS.resolve("tritonclient_security_checks.py").toString();

    @RegisterExtension
    static final ClientPythonServer SERVER = ClientPythonServer.tritonSimple(() -> List.of(
            "--http-ssl-cert=" + SERVER_PEM.certificate(), "--http-ssl-key=" + SERVER_PEM.key(),
            "--http-ssl-root-cert=" + CA.caCertificate(), "--http-ssl-mutual",
            "--grpc-use-ssl-mutual", "--grpc-server-cert=" + SERVER_PEM.certificate(),
            "--grpc-server-key=" + SERVER_PEM.key(), "--grpc-root-cert=" + CA.caCertificate(),
            "--http-restricted-api=model-repository:" + ADMIN_KEY + "=" + ADMIN_VALUE,
            "--grpc-restricted-protocol=model-repository:" + ADMIN_KEY + "=" + ADMIN_VALUE));

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("tritonclient-tls");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void deleteCertificates() throws IOException {
        try (Stream<Path> files = Files.walk(FOLDER)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static void check(String name) throws Exception {
        ClientPython.run(Map.of("TLS_CA", CA.caCertificate().toString(),
                        "TLS_CLIENT_CERT", CLIENT_PEM.certificate().toString(), "TLS_CLIENT_KEY", CLIENT_PEM.key().toString(),
                        "ADMIN_KEY", ADMIN_KEY, "ADMIN_VALUE", ADMIN_VALUE),
                List.of(CHECKS, SERVER.httpTarget(), SERVER.grpcTarget(), name));
    }

    @Test
    void httpClientWithItsCertificateInfers() throws Exception {
        check("http_mutual_tls");
    }

    @Test
    void httpClientWithoutACertificateIsRefused() throws Exception {
        check("http_without_certificate");
    }

    @Test
    void grpcClientWithItsCertificateInfers() throws Exception {
        check("grpc_mutual_tls");
    }

    @Test
    void grpcClientWithoutACertificateIsRefused() throws Exception {
        check("grpc_without_certificate");
    }

    @Test
    void httpRestrictedApiNeedsItsHeader() throws Exception {
        check("http_restricted_api");
    }

    @Test
    void grpcRestrictedProtocolNeedsItsMetadata() throws Exception {
        check("grpc_restricted_protocol");
    }
}
