package io.infergate.gateway.http;

import io.infergate.gateway.security.RestrictedApis;
import io.infergate.gateway.security.TlsOptions;
import io.infergate.gateway.trace.Tracing;
import java.util.Optional;

/**
 * What the HTTP frontend needs to know about the server it fronts.
 *
 * @param serverName    name reported by {@code GET /v2}
 * @param serverVersion version reported by {@code GET /v2}
 * @param maxInputSize  largest request body in bytes, checked on the bytes received and again on
 *                      the bytes after decompression (Triton's {@code --http-max-input-size});
 *                      a larger body is answered 400, as Triton does, and the connection closed
 * @param tls           HTTPS, or empty for plain HTTP
 * @param restricted    the categories that need a header ({@code --http-restricted-api})
 * @param tracing       the server's trace settings, and which requests to trace
 */
public record HttpSettings(String serverName, String serverVersion, long maxInputSize, Optional<TlsOptions> tls,
        RestrictedApis restricted, Tracing tracing) {
    /** Triton's default limit: 64 MiB. */
    public static final long DEFAULT_MAX_INPUT_SIZE = 64L * 1024 * 1024;

    public HttpSettings {
        if (maxInputSize <= 0) {
            throw new IllegalArgumentException("maxInputSize must be positive, got " + maxInputSize);
        }
    }

    /** Tracing off until a client turns it on. */
    public HttpSettings(String serverName, String serverVersion, long maxInputSize, Optional<TlsOptions> tls,
            RestrictedApis restricted) {
        this(serverName, serverVersion, maxInputSize, tls, restricted, Tracing.off());
    }

    /** Plain HTTP, nothing restricted. */
    public HttpSettings(String serverName, String serverVersion, long maxInputSize) {
        this(serverName, serverVersion, maxInputSize, Optional.empty(), RestrictedApis.NONE);
    }

    public static HttpSettings defaults(String serverName, String serverVersion) {
        return new HttpSettings(serverName, serverVersion, DEFAULT_MAX_INPUT_SIZE);
    }
}
