package io.infergate.gateway.security;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One service's TLS: PEM files of its certificate chain and private key, and for mutual TLS the
 * certificate authorities whose signature a client certificate must carry.
 *
 * @param certificate     the server's certificate chain
 * @param key             its private key
 * @param rootCertificate the authorities that sign client certificates (required with mutual)
 * @param mutual          whether every client must present a certificate
 */
public record TlsOptions(Path certificate, Path key, Optional<Path> rootCertificate, boolean mutual) {

    public TlsOptions {
        if (mutual && rootCertificate.isEmpty()) {
            throw new IllegalArgumentException("mutual TLS needs the root certificate");
        }
    }

    /** The files whose change means a reload. */
    List<Path> files() {
        return Stream.concat(Stream.of(certificate, key), rootCertificate.stream()).toList();
    }
}
