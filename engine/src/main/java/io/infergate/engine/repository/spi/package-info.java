/**
 * What a model repository is to the engine, for callers that bring their own:
 * {@link io.infergate.engine.repository.spi.ModelRepository} lists model folders, fingerprints
 * them (poll mode reloads a model whose fingerprint changed) and gives a local folder the loaders
 * read; {@link io.infergate.engine.repository.spi.LocalModelRepository} is a folder on disk, and a
 * remote store (the server's S3 repositories) copies a model to a local folder first.
 * {@link io.infergate.engine.repository.spi.ModelFingerprint} and
 * {@link io.infergate.engine.repository.spi.Folders} are the helpers such a repository needs.
 */
package io.infergate.engine.repository.spi;
