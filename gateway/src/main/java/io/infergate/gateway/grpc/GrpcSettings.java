package io.infergate.gateway.grpc;

import io.infergate.gateway.config.GrpcOptions;
import io.infergate.gateway.security.RestrictedApis;
import io.infergate.gateway.security.TlsOptions;
import io.infergate.gateway.trace.Tracing;
import java.util.Optional;

/**
 * What the gRPC frontend needs to know about the server it fronts.
 *
 * @param serverName    name reported by ServerMetadata
 * @param serverVersion version reported by ServerMetadata
 * @param options       limits, queue size and keepalive
 * @param tls           TLS, or empty for cleartext HTTP/2 (prior knowledge)
 * @param restricted    the categories that need a metadata key ({@code --grpc-restricted-protocol})
 * @param tracing       the server's trace settings, and which requests to trace
 */
public record GrpcSettings(String serverName, String serverVersion, GrpcOptions options, Optional<TlsOptions> tls,
        RestrictedApis restricted, Tracing tracing) {

    /** Tracing off until a client turns it on. */
    public GrpcSettings(String serverName, String serverVersion, GrpcOptions options, Optional<TlsOptions> tls,
            RestrictedApis restricted) {
        this(serverName, serverVersion, options, tls, restricted, Tracing.off());
    }

    /** Cleartext HTTP/2, nothing restricted. */
    public GrpcSettings(String serverName, String serverVersion, GrpcOptions options) {
        this(serverName, serverVersion, options, Optional.empty(), RestrictedApis.NONE);
    }
}
