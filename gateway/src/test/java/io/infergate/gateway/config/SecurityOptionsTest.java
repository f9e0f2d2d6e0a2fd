package io.infergate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.gateway.security.ApiCategory;
import io.infergate.gateway.security.Restriction;
import io.infergate.gateway.security.TlsOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The TLS and restricted-API flags: what they turn on, and the values refused at start-up. */
class SecurityOptionsTest {

    private static SecurityOptions security(String... flags) {
        List<String> args = new ArrayList<>(List.of("--model-repository=/m"));
        args.addAll(List.of(flags));
        return ServerOptions.resolve(CommandLine.parse(args).values()).security();
    }

    private static String errorFor(String... flags) {
        return assertThrows(ConfigException.class, () -> security(flags)).getMessage();
    }

    @Test
    void everyServiceIsPlainByDefault() {
        SecurityOptions security = security();
        assertTrue(security.httpTls().isEmpty());
        assertTrue(security.grpcTls().isEmpty());
        assertEquals(10000, security.reloadIntervalMs());
    }

    @Test
    void httpsIsOnWhenTheCertificateIsGiven() {
        TlsOptions tls = security("--http-ssl-cert=/c.pem", "--http-ssl-key=/k.pem").httpTls().orElseThrow();
        assertEquals(new TlsOptions(Path.of("/c.pem"), Path.of("/k.pem"), Optional.empty(), false), tls);
    }

    @Test
    void grpcMutualImpliesTls() {
        TlsOptions tls = security("--grpc-use-ssl-mutual", "--grpc-server-cert=/c", "--grpc-server-key=/k",
                "--grpc-root-cert=/ca").grpcTls().orElseThrow();
        assertTrue(tls.mutual());
        assertEquals(Optional.of(Path.of("/ca")), tls.rootCertificate());
    }

    @Test
    void grpcCertificateFilesAloneDoNotTurnTlsOn() {
        assertFalse(security("--grpc-server-cert=/c", "--grpc-server-key=/k").grpcTls().isPresent());
    }

    @Test
    void grpcTlsWithoutACertificateIsRefused() {
        assertEquals("--grpc-use-ssl needs --grpc-server-cert", errorFor("--grpc-use-ssl", "--grpc-server-key=/k"));
    }

    @Test
    void httpsWithoutAKeyIsRefused() {
        assertEquals("--http-ssl-cert needs --http-ssl-key", errorFor("--http-ssl-cert=/c"));
    }

    @Test
    void mutualTlsWithoutARootCertificateIsRefused() {
        assertTrue(errorFor("--http-ssl-cert=/c", "--http-ssl-key=/k", "--http-ssl-mutual")
                .startsWith("mutual TLS needs --http-ssl-root-cert"));
        assertTrue(errorFor("--grpc-use-ssl-mutual", "--grpc-server-cert=/c", "--grpc-server-key=/k")
                .startsWith("mutual TLS needs --grpc-root-cert"));
    }

    @Test
    void httpMutualWithoutHttpsIsRefused() {
        assertEquals("--http-ssl-mutual needs --http-ssl-cert and --http-ssl-key", errorFor("--http-ssl-mutual"));
    }

    @Test
    void restrictedApisComeFromTheirFlags() {
        SecurityOptions security = security("--http-restricted-api=model-repository:admin=s3cret",
                "--grpc-restricted-protocol=inference,health:infer=i");
        assertEquals(Optional.of(new Restriction("admin", "s3cret")),
                security.httpRestricted().of(ApiCategory.MODEL_REPOSITORY));
        assertTrue(security.httpRestricted().of(ApiCategory.INFERENCE).isEmpty());
        assertEquals(Optional.of(new Restriction("infer", "i")), security.grpcRestricted().of(ApiCategory.HEALTH));
    }

    @Test
    void restrictedApisFromTheEnvironmentKeepTheirGroups() {
        SecurityOptions security = ServerOptions.resolve(ConfigLayers.fromEnvironment(Map.of(
                "INFERGATE_MODEL_REPOSITORY", "/m", "INFERGATE_HTTP_RESTRICTED_API", "health,metadata:k=v"))).security();
        assertEquals(Optional.of(new Restriction("k", "v")), security.httpRestricted().of(ApiCategory.HEALTH));
        assertEquals(Optional.of(new Restriction("k", "v")), security.httpRestricted().of(ApiCategory.METADATA));
    }

    @Test
    void aBadRestrictedApiValueNamesTheFlag() {
        assertTrue(errorFor("--http-restricted-api=everything:k=v")
                .startsWith("--http-restricted-api: 'everything:k=v' names unknown API 'everything'"));
        assertEquals("--grpc-restricted-protocol: API 'health' is restricted more than once: a category takes one key"
                + " only", errorFor("--grpc-restricted-protocol=health:a=1", "--grpc-restricted-protocol=health:b=2"));
    }
}
