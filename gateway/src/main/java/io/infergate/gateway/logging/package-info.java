/**
 * Triton's logging: the {@code --log-*} flags and the logging extension's settings
 * ({@link io.infergate.gateway.logging.LogSettings}), applied to java.util.logging's root logger
 * by the process's {@link io.infergate.gateway.logging.ServerLog}, which also keeps a client's
 * log file inside the allowed folder; lines in Triton's default or ISO8601 format.
 */
package io.infergate.gateway.logging;
