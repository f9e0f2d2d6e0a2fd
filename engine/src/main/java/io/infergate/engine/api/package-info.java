/**
 * The engine's in-process API: what frontends (and Java applications embedding the engine) call.
 * {@link io.infergate.engine.api.InferenceEngine} runs requests,
 * {@link io.infergate.engine.api.ModelCatalog} answers about the models and loads or unloads
 * them; requests, responses and errors are plain records with no HTTP or gRPC in them;
 * {@link io.infergate.engine.api.Status} travels between nodes by its stable code, and
 * {@link io.infergate.engine.api.ModelNames} says which model names a caller may use. Sinks
 * come in kinds the engine honours: {@link io.infergate.engine.api.ContextBoundSink} answers on
 * the caller's context, {@link io.infergate.engine.api.ConcurrentSink} on any thread,
 * {@link io.infergate.engine.api.PacedSink} may hold the sending model back. Rules
 * every request obeys whoever sends it are written once: reserved parameter keys
 * ({@link io.infergate.engine.api.ReservedParameters}), the refusal of a decoupled model over a
 * unary call ({@link io.infergate.engine.api.InferenceException#decoupledOverUnary}).
 * {@link io.infergate.engine.api.SharedMemoryRegions} is Triton's system shared memory: the
 * regions a client registered, which a request's inputs are read from and outputs written into
 * through a {@link io.infergate.engine.api.SharedMemoryLease}.
 */
package io.infergate.engine.api;
