/**
 * Triton model repositories on disk: finding model folders and their numeric versions, and the
 * version policy. The check that keeps names from the network inside the repository is the
 * API's {@link io.infergate.engine.api.ModelNames}.
 */
package io.infergate.engine.repository;
