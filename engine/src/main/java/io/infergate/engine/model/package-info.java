/**
 * A loaded model version and what its requests need, below every scheduler: the
 * {@link io.infergate.engine.model.LoadedVersion} (instances, signature, statistics), the
 * registry that routes a name and version to it, the one set of model-level request rules
 * ({@link io.infergate.engine.model.RequestPreparer}), and output assembly (classification
 * included). Nothing here knows how a version is loaded or scheduled.
 */
package io.infergate.engine.model;
