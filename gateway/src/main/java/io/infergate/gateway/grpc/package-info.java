/**
 * The gRPC frontend: Triton's {@code inference.GRPCInferenceService} and
 * {@code grpc.health.v1.Health} on vertx-grpc-server, on the event loops. Messages are decoded
 * from the raw gRPC frames here (gzip inflated under the size limit), turned into the engine's
 * records with the same rules as HTTP ({@link io.infergate.gateway.protocol}), and the engine's
 * answers and errors encoded back. {@link io.infergate.gateway.grpc.GrpcFrontend} is the entry point.
 */
package io.infergate.gateway.grpc;
