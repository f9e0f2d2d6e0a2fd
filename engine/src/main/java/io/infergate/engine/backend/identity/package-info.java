/**
 * Triton's {@code identity} test backend: output n is input n (by position in the configuration),
 * same datatype and shape, sharing the input's buffer. Parameter {@code execute_delay_ms} makes
 * every execution take at least that long, to simulate compute.
 */
package io.infergate.engine.backend.identity;
