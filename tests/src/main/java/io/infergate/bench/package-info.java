/**
 * Benchmarks that run their baseline in the same process and run, and report ratios. Results
 * and the commands that made them are recorded in docs/benchmarks.md.
 */
package io.infergate.bench;
