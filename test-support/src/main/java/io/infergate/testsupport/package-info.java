/**
 * What every module's tests (and the benchmarks) share: {@link io.infergate.testsupport.Await}
 * waits for a future or a condition instead of sleeping, and
 * {@link io.infergate.testsupport.ProjectPaths} finds the project's folders and the shared
 * Triton examples; {@link io.infergate.testsupport.ShmObject} is a real shared-memory object in
 * {@code /dev/shm} as a client makes one, and {@link io.infergate.testsupport.ProcessResources}
 * counts the descriptors and mappings the JVM holds (to show that none leak);
 * {@link io.infergate.testsupport.TestCertificates} makes a certificate authority and the server,
 * client and expired certificates TLS tests need, as PEM files;
 * {@link io.infergate.testsupport.S3ProxyServer} is a real S3-compatible store (S3Proxy) over a
 * folder, in a JVM of its own; {@link io.infergate.testsupport.HostileInput} is what the fuzz tests
 * assert of a decoder: its own error or none, and memory in proportion to the input.
 */
package io.infergate.testsupport;
