/**
 * The backend SPI: {@link io.infergate.engine.backend.Backend} turns a model version into
 * {@link io.infergate.engine.backend.ModelInstance}s, which run
 * {@link io.infergate.engine.backend.Execution}s on worker threads. Implementations live in
 * subpackages and register through {@code META-INF/services}.
 */
package io.infergate.engine.backend;
