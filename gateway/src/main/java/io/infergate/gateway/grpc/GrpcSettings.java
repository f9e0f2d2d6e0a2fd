package io.infergate.gateway.grpc;

import io.infergate.gateway.config.GrpcOptions;

/**
 * What the gRPC frontend needs to know about the server it fronts.
 *
 * @param serverName    name reported by ServerMetadata
 * @param serverVersion version reported by ServerMetadata
 * @param options       limits, queue size and keepalive
 */
public record GrpcSettings(String serverName, String serverVersion, GrpcOptions options) {
}
