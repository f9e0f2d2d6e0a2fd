/**
 * The gRPC frontend: Triton's {@code inference.GRPCInferenceService} and
 * {@code grpc.health.v1.Health} on vertx-grpc-server, on the event loops. Messages are decoded
 * from the raw gRPC frames here (gzip inflated under the size limit), turned into the engine's
 * records by the KServe package ({@link io.infergate.gateway.kserve}), which the cluster shares,
 * and the engine's answers and errors encoded back. {@link io.infergate.gateway.grpc.GrpcFrontend}
 * is the entry point.
 */
package io.infergate.gateway.grpc;
