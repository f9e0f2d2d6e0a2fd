/**
 * Rules of the KServe v2 / Triton protocol that do not depend on the transport, shared by the
 * HTTP and gRPC frontends so that both accept and refuse exactly the same requests: the
 * extension list, checks on received input tensors, classification counts and model load
 * overrides.
 */
package io.infergate.gateway.protocol;
