/**
 * Rules of the KServe v2 / Triton protocol that do not depend on the transport, shared by the
 * HTTP and gRPC frontends so that both accept and refuse exactly the same requests: the
 * extension list, checks on received input tensors, classification counts, model load
 * overrides, and the shared-memory parameters of inputs and outputs ({@link
 * io.infergate.gateway.protocol.RegionRef}) with the reads and writes they lead to
 * ({@link io.infergate.gateway.protocol.RequestRegions}).
 */
package io.infergate.gateway.protocol;
