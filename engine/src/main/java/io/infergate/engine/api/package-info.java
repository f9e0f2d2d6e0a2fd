/**
 * The engine's in-process API: what frontends (and Java applications embedding the engine) call.
 * {@link io.infergate.engine.api.InferenceEngine} is the entry point; requests, responses and
 * errors are plain records with no HTTP or gRPC in them.
 */
package io.infergate.engine.api;
