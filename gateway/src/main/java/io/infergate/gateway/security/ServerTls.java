package io.infergate.gateway.security;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Vert.x's TLS options from a service's {@link TlsOptions}. The PEM files are read here, into
 * buffers, so that a reload hands Vert.x what is in the files now (and a file that cannot be read
 * fails here, naming it).
 */
public final class ServerTls {
    private ServerTls() {
    }

    /** The server options with TLS on: HTTP/2 and HTTP/1.1 offered by ALPN, client certificates as configured. */
    public static HttpServerOptions apply(HttpServerOptions options, TlsOptions tls) {
        ServerSSLOptions ssl = sslOptions(tls);
        return options.setSsl(true)
                .setUseAlpn(true)
                .setKeyCertOptions(ssl.getKeyCertOptions())
                .setTrustOptions(ssl.getTrustOptions())
                .setClientAuth(ssl.getClientAuth());
    }

    /** What {@code HttpServer.updateSSLOptions} takes, with the files' current contents. */
    static ServerSSLOptions sslOptions(TlsOptions tls) {
        ServerSSLOptions ssl = new ServerSSLOptions()
                .setUseAlpn(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertValue(read(tls.certificate()))
                        .setKeyValue(read(tls.key())))
                .setClientAuth(tls.mutual() ? ClientAuth.REQUIRED : ClientAuth.NONE);
        tls.rootCertificate().ifPresent(root -> ssl.setTrustOptions(new PemTrustOptions().addCertValue(read(root))));
        return ssl;
    }

    private static Buffer read(Path file) {
        try {
            return Buffer.buffer(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read TLS file " + file + ": " + e.getMessage(), e);
        }
    }
}
