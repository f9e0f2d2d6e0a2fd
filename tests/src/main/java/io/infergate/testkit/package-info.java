/** Shared helpers for the end-to-end suites and benchmarks; see the subpackages. */
package io.infergate.testkit;
