/**
 * Triton's sequence batcher: correlation ids, sequences bound to one instance from START to END
 * or idle expiry, the direct and oldest strategies, the START/END/READY/CORRID control inputs and
 * implicit state carried from step to step.
 */
package io.infergate.engine.scheduler.sequence;
