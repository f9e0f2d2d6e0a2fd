/**
 * The model repositories as the engine sees them: every repository listed at once (a model name
 * must be unique across them; one that cannot be listed hides none of the others' models),
 * finding a model's local folder and its numeric versions, and the version policy. The
 * repositories themselves plug in through {@link io.infergate.engine.repository.spi}. The check
 * that keeps names from the network inside a repository is the API's
 * {@link io.infergate.engine.api.ModelNames}.
 */
package io.infergate.engine.repository;
