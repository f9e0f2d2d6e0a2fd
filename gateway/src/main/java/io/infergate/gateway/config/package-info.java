/**
 * Command line and configuration: tritonserver's flag names, layered as built-in defaults &lt;
 * {@code conf/infergate.yaml} &lt; {@code INFERGATE_*} environment variables &lt; command line,
 * resolved into one {@link io.infergate.gateway.config.ServerOptions}.
 */
package io.infergate.gateway.config;
