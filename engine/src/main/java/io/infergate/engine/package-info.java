/**
 * The embeddable engine: {@link io.infergate.engine.LocalEngine} started with
 * {@link io.infergate.engine.EngineOptions} serves Triton model repositories in this JVM, with no
 * HTTP or gRPC in it. Subpackages hold the API, tensors, configuration, repository, models,
 * backends, statistics and event-bus plumbing.
 */
package io.infergate.engine;
