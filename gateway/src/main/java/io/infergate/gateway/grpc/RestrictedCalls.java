package io.infergate.gateway.grpc;

import io.infergate.gateway.security.ApiTable;
import io.infergate.gateway.security.RestrictedApis;
import io.infergate.gateway.security.Restriction;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.common.GrpcStatus;
import java.util.Optional;

/**
 * {@code --grpc-restricted-protocol}: a call of a restricted category without the metadata
 * {@code triton-grpc-protocol-KEY} (or with another value) ends at once with UNAVAILABLE and
 * Triton's message, before its request is read.
 */
final class RestrictedCalls {
    /** What tritonserver puts before the configured key in the metadata it reads. */
    static final String METADATA_PREFIX = "triton-grpc-protocol-";

    private RestrictedCalls() {
    }

    static Handler<HttpServerRequest> guarding(RestrictedApis restricted, Handler<HttpServerRequest> next) {
        if (restricted.isEmpty()) {
            return next;
        }
        return request -> {
            Optional<Restriction> restriction = Optional.ofNullable(request.path()).flatMap(ApiTable::ofGrpcPath)
                    .flatMap(restricted::of);
            if (restriction.isPresent()) {
                String key = METADATA_PREFIX + restriction.get().key();
                if (!restriction.get().allows(request.getHeader(key))) {
                    refuse(request, "This protocol is restricted, expecting header '" + key + "'");
                    return;
                }
            }
            next.handle(request);
        };
    }

    /** A trailers-only answer: the status in the one HEADERS frame that ends the stream. */
    private static void refuse(HttpServerRequest request, String message) {
        request.response()
                .putHeader("content-type", "application/grpc")
                .putHeader("grpc-status", Integer.toString(GrpcStatus.UNAVAILABLE.code))
                // printable ASCII without '%' needs no percent-encoding: keys are header tokens
                .putHeader("grpc-message", message)
                .end();
    }
}
