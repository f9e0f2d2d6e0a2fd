/**
 * Generating load and measuring it: closed-loop (concurrency) and open-loop (request rate)
 * generators, measurement windows, stability detection and one result row per load level.
 */
package io.infergate.perf.load;
