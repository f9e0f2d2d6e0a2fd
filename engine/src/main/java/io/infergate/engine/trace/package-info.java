/**
 * Triton's request traces inside the engine: a sampled request carries a
 * {@link io.infergate.engine.trace.RequestTrace} that frontends, schedulers and ensembles mark at
 * Triton's points ({@link io.infergate.engine.trace.TracePoint}) with the times they already read
 * for statistics; ensemble steps get child traces. What becomes of a finished trace (a file,
 * spans) is the creator's business.
 */
package io.infergate.engine.trace;
