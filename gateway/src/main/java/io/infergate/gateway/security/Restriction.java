package io.infergate.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A request to a restricted category must carry the header {@code key} with exactly {@code value}.
 *
 * @param key   the header (HTTP) or the part after {@code triton-grpc-protocol-} (gRPC metadata)
 * @param value what the header must hold
 */
public record Restriction(String key, String value) {

    /**
     * Whether the header's value is the expected one. The comparison takes as long whatever the
     * bytes, so a client cannot guess the value byte by byte from the answer's timing.
     */
    public boolean allows(String given) {
        return given != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
