/**
 * Metrics that model code defines at run time (Triton's custom metrics, pb_utils.MetricFamily):
 * one registry per process, which backends fill and the metrics endpoint renders next to the
 * server's own families.
 */
package io.infergate.engine.metrics;
