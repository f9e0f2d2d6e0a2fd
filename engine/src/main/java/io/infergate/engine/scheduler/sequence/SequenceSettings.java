package io.infergate.engine.scheduler.sequence;

import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelSequenceBatching;
import java.util.List;

/**
 * The sequence batcher's settings, read once from a model's configuration.
 *
 * @param oldest              strategy: oldest (dynamic batching across sequences) or direct (a slot each)
 * @param batches             whether the model has a batch dimension
 * @param maxBatchSize        the largest batch (1 for models that do not batch, and for decoupled
 *                            models: each request streams to its own client)
 * @param slotsPerInstance    sequences one instance holds at once: direct, the batch slots;
 *                            oldest, max_candidate_sequences (unbounded when 0)
 * @param idleNanos           max_sequence_idle_microseconds (1 s when unset), in nanoseconds
 * @param maxQueueDelayNanos  how long a batch may wait to fill
 * @param minSlotUtilization  direct: the share of slots with work that makes a batch go at once
 * @param preferredBatchSizes oldest: preferred sizes that fit, ascending
 */
record SequenceSettings(boolean oldest, boolean batches, int maxBatchSize, int slotsPerInstance, long idleNanos,
        long maxQueueDelayNanos, float minSlotUtilization, List<Integer> preferredBatchSizes) {
    private static final long DEFAULT_IDLE_MICROS = 1_000_000;

    static SequenceSettings of(ModelConfig config) {
        ModelSequenceBatching sequencing = config.getSequenceBatching();
        boolean batches = config.getMaxBatchSize() > 0;
        int maxBatch = config.getModelTransactionPolicy().getDecoupled() ? 1 : Math.max(1, config.getMaxBatchSize());
        long idleMicros = sequencing.getMaxSequenceIdleMicroseconds() == 0 ? DEFAULT_IDLE_MICROS
                : sequencing.getMaxSequenceIdleMicroseconds();
        long idleNanos = Math.multiplyExact(Math.min(idleMicros, Long.MAX_VALUE / 1000), 1000L);
        if (sequencing.hasOldest()) {
            ModelSequenceBatching.StrategyOldest oldest = sequencing.getOldest();
            int candidates = oldest.getMaxCandidateSequences() > 0 ? oldest.getMaxCandidateSequences() : Integer.MAX_VALUE;
            List<Integer> preferred = oldest.getPreferredBatchSizeList().stream()
                    .filter(size -> size > 0 && size <= maxBatch).sorted().toList();
            return new SequenceSettings(true, batches, maxBatch, candidates, idleNanos,
                    micros(oldest.getMaxQueueDelayMicroseconds()), 0, preferred);
        }
        ModelSequenceBatching.StrategyDirect direct = sequencing.getDirect();
        return new SequenceSettings(false, batches, maxBatch, maxBatch, idleNanos,
                micros(direct.getMaxQueueDelayMicroseconds()), direct.getMinimumSlotUtilization(), List.of());
    }

    private static long micros(long value) {
        return Math.multiplyExact(Math.min(value, Long.MAX_VALUE / 1000), 1000L);
    }
}
