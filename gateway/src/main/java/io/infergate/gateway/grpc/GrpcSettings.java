package io.infergate.gateway.grpc;

import io.infergate.gateway.config.GrpcOptions;
import io.infergate.gateway.security.RestrictedApis;
import io.infergate.gateway.security.TlsOptions;
import java.util.Optional;

/**
 * What the gRPC frontend needs to know about the server it fronts.
 *
 * @param serverName    name reported by ServerMetadata
 * @param serverVersion version reported by ServerMetadata
 * @param options       limits, queue size and keepalive
 * @param tls           TLS, or empty for cleartext HTTP/2 (prior knowledge)
 * @param restricted    the categories that need a metadata key ({@code --grpc-restricted-protocol})
 */
public record GrpcSettings(String serverName, String serverVersion, GrpcOptions options, Optional<TlsOptions> tls,
        RestrictedApis restricted) {

    /** Cleartext HTTP/2, nothing restricted. */
    public GrpcSettings(String serverName, String serverVersion, GrpcOptions options) {
        this(serverName, serverVersion, options, Optional.empty(), RestrictedApis.NONE);
    }
}
