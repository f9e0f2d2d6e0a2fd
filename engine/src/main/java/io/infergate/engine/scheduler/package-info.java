/**
 * Scheduling a model version's requests: priority queues with Triton's queue policies, the
 * dynamic batcher's decision, joining and splitting batches, preserve_ordering, the threads the
 * instances run on, and the {@link io.infergate.engine.scheduler.ModelScheduler} verticle that
 * ties them together on its callers' threads.
 */
package io.infergate.engine.scheduler;
