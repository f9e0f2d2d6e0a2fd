package io.infergate.gateway.config;

import io.infergate.gateway.security.RestrictedApis;
import io.infergate.gateway.security.TlsOptions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Who may talk to the server and what they may ask: TLS on each service, how often its files are
 * checked for changes, and the API categories that need a header.
 *
 * @param httpTls          TLS of the HTTP and metrics ports, or empty for plain HTTP
 * @param grpcTls          TLS of the gRPC port, or empty for cleartext HTTP/2
 * @param reloadIntervalMs how often the TLS files are checked for changes (0 = never)
 * @param httpRestricted   --http-restricted-api
 * @param grpcRestricted   --grpc-restricted-protocol
 */
public record SecurityOptions(Optional<TlsOptions> httpTls, Optional<TlsOptions> grpcTls, int reloadIntervalMs,
        RestrictedApis httpRestricted, RestrictedApis grpcRestricted) {

    static SecurityOptions from(SettingValues values) {
        return new SecurityOptions(httpTls(values), grpcTls(values), values.nonNegativeInt(Setting.SSL_RELOAD_INTERVAL_MS),
                restricted(values, Setting.HTTP_RESTRICTED_API), restricted(values, Setting.GRPC_RESTRICTED_PROTOCOL));
    }

    private static RestrictedApis restricted(SettingValues values, Setting setting) {
        try {
            return RestrictedApis.parse(values.list(setting));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting.flag() + ": " + e.getMessage());
        }
    }

    /** gRPC: tritonserver's --grpc-use-ssl, or --grpc-use-ssl-mutual which implies it. */
    private static Optional<TlsOptions> grpcTls(SettingValues values) {
        boolean mutual = values.bool(Setting.GRPC_USE_SSL_MUTUAL);
        if (!values.bool(Setting.GRPC_USE_SSL) && !mutual) {
            return Optional.empty();
        }
        String flag = mutual ? Setting.GRPC_USE_SSL_MUTUAL.flag() : Setting.GRPC_USE_SSL.flag();
        return Optional.of(tls(flag, values, Setting.GRPC_SERVER_CERT, Setting.GRPC_SERVER_KEY, Setting.GRPC_ROOT_CERT,
                mutual));
    }

    /** HTTP and metrics: on when --http-ssl-cert names a file. */
    private static Optional<TlsOptions> httpTls(SettingValues values) {
        boolean mutual = values.bool(Setting.HTTP_SSL_MUTUAL);
        if (values.optionalPath(Setting.HTTP_SSL_CERT).isEmpty()) {
            if (mutual) {
                throw new ConfigException("--http-ssl-mutual needs --http-ssl-cert and --http-ssl-key");
            }
            return Optional.empty();
        }
        return Optional.of(tls(Setting.HTTP_SSL_CERT.flag(), values, Setting.HTTP_SSL_CERT, Setting.HTTP_SSL_KEY,
                Setting.HTTP_SSL_ROOT_CERT, mutual));
    }

    private static TlsOptions tls(String flag, SettingValues values, Setting cert, Setting key, Setting root,
            boolean mutual) {
        Path certificate = values.optionalPath(cert)
                .orElseThrow(() -> new ConfigException(flag + " needs " + cert.flag()));
        Path privateKey = values.optionalPath(key)
                .orElseThrow(() -> new ConfigException(flag + " needs " + key.flag()));
        Optional<Path> rootCertificate = values.optionalPath(root);
        if (mutual && rootCertificate.isEmpty()) {
            throw new ConfigException("mutual TLS needs " + root.flag() + ": the authorities that sign client"
                    + " certificates");
        }
        return new TlsOptions(certificate, privateKey, rootCertificate, mutual);
    }
}
