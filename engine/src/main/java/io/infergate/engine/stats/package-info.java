/**
 * Per model version counters behind the statistics extension and the Prometheus metrics: one
 * source of truth, lock-free on the request path.
 */
package io.infergate.engine.stats;
