/**
 * Who may talk to the server and what they may ask: TLS and mutual TLS on the HTTP, metrics and
 * gRPC ports ({@link io.infergate.gateway.security.ServerTls}), certificates reloaded when their
 * files change ({@link io.infergate.gateway.security.CertificateReload}).
 */
package io.infergate.gateway.security;
