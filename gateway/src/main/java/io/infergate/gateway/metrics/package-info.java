/**
 * The Prometheus endpoint: Triton's {@code nv_inference_*} families rendered from the engine's
 * statistics under Triton's exact names, followed by the Micrometer registry's Vert.x and JVM meters.
 */
package io.infergate.gateway.metrics;
