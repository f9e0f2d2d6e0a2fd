/**
 * Triton's decoupled test backends, {@code repeat} and {@code square}: models that answer one
 * request with many responses and then the final flag, through the engine's response sender.
 */
package io.infergate.engine.backend.decoupled;
