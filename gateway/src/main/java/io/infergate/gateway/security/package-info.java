/**
 * Who may talk to the server and what they may ask: TLS and mutual TLS on the HTTP, metrics and
 * gRPC ports ({@link io.infergate.gateway.security.ServerTls}), certificates reloaded when their
 * files change ({@link io.infergate.gateway.security.CertificateReload}), and Triton's restricted
 * APIs: every endpoint's {@link io.infergate.gateway.security.ApiCategory} in one
 * {@link io.infergate.gateway.security.ApiTable}, and the header each restricted category needs
 * ({@link io.infergate.gateway.security.RestrictedApis}). The frontends enforce them
 * ({@code http.RestrictedRoutes}, {@code grpc.RestrictedCalls}).
 */
package io.infergate.gateway.security;
