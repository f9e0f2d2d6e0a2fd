/**
 * The engine's in-process API: what frontends (and Java applications embedding the engine) call.
 * {@link io.infergate.engine.api.InferenceEngine} is the entry point; requests, responses and
 * errors are plain records with no HTTP or gRPC in them; {@link io.infergate.engine.api.Status}
 * travels between nodes by its stable code, and {@link io.infergate.engine.api.ModelNames} says
 * which model names a caller may use.
 */
package io.infergate.engine.api;
