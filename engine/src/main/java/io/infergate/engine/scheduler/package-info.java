/**
 * Scheduling a model version's requests: priority queues with Triton's queue policies, the
 * dynamic batcher's decision, joining and splitting batches, preserve_ordering, and the
 * {@link io.infergate.engine.scheduler.ModelScheduler} verticle that ties them to the instances.
 */
package io.infergate.engine.scheduler;
