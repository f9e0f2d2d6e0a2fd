/**
 * What every module's tests (and the benchmarks) share: {@link io.infergate.testsupport.Await}
 * waits for a future or a condition instead of sleeping, and
 * {@link io.infergate.testsupport.ProjectPaths} finds the project's folders and the shared
 * Triton examples.
 */
package io.infergate.testsupport;
