package io.infergate.gateway.http;

/**
 * What the HTTP frontend needs to know about the server it fronts.
 *
 * @param serverName    name reported by {@code GET /v2}
 * @param serverVersion version reported by {@code GET /v2}
 * @param maxInputSize  largest request body in bytes, checked on the bytes received and again on
 *                      the bytes after decompression (Triton's {@code --http-max-input-size});
 *                      a larger body is answered 400, as Triton does, and the connection closed
 */
public record HttpSettings(String serverName, String serverVersion, long maxInputSize) {
    /** Triton's default limit: 64 MiB. */
    public static final long DEFAULT_MAX_INPUT_SIZE = 64L * 1024 * 1024;

    public HttpSettings {
        if (maxInputSize <= 0) {
            throw new IllegalArgumentException("maxInputSize must be positive, got " + maxInputSize);
        }
    }

    public static HttpSettings defaults(String serverName, String serverVersion) {
        return new HttpSettings(serverName, serverVersion, DEFAULT_MAX_INPUT_SIZE);
    }
}
