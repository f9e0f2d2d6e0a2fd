/**
 * The Infergate server: {@link io.infergate.gateway.Main} reads the configuration and starts an
 * {@link io.infergate.gateway.server.InfergateServer}.
 */
package io.infergate.gateway;
