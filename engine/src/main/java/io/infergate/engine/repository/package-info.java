/**
 * Triton model repositories on disk: finding model folders and their numeric versions, the
 * version policy, and the checks that keep names from the network inside the repository.
 */
package io.infergate.engine.repository;
