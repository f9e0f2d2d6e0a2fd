package io.infergate.gateway.grpc;

import io.vertx.grpc.server.GrpcServerRequest;

/** Responses are gzip-compressed when the client compressed its request with gzip and accepts gzip back. */
final class Compression {
    private static final String GZIP = "gzip";

    private Compression() {
    }

    static void choose(GrpcServerRequest<?, ?> call) {
        if (GZIP.equals(call.encoding()) && call.response().acceptedEncodings().contains(GZIP)) {
            call.response().encoding(GZIP);
        }
    }
}
