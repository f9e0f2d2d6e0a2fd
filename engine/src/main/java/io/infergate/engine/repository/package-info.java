/**
 * Triton model repositories: local folders and remote stores behind one
 * {@link io.infergate.engine.repository.ModelRepository} interface (a remote one copies a model to
 * a local folder before it loads), finding model folders and their numeric versions, and the
 * version policy. The check that keeps names from the network inside the repository is the
 * API's {@link io.infergate.engine.api.ModelNames}.
 */
package io.infergate.engine.repository;
