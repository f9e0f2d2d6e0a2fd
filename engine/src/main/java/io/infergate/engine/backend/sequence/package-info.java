/**
 * Triton's sequence test backends, built in: {@code sequence} (an accumulator per batch slot)
 * and {@code dyna_sequence} (an accumulator per correlation id), which read the control inputs
 * the sequence batcher adds.
 */
package io.infergate.engine.backend.sequence;
