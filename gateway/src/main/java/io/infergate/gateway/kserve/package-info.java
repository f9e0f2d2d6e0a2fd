/**
 * The KServe v2 protocol's protobuf messages ({@code grpc_service.proto}, generated into
 * {@code io.infergate.gateway.kserve.proto}) and their conversions to and from the engine's
 * records, shared by the gRPC frontend and the cluster. {@link io.infergate.gateway.kserve.InferRequestReader}
 * reads a client's request with the wire-format rules (the engine checks the rest);
 * {@link io.infergate.gateway.kserve.InferResponseWriter} writes an answer;
 * {@link io.infergate.gateway.kserve.KServeMessages} carries requests and responses between
 * nodes without checking again. Tensor data is wrapped or sliced, not copied.
 */
package io.infergate.gateway.kserve;
