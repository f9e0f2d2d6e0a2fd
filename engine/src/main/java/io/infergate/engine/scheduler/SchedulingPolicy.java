package io.infergate.engine.scheduler;

import io.infergate.engine.config.proto.ModelConfigProto.BatchInput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import io.infergate.engine.config.proto.ModelConfigProto.ModelDynamicBatching;
import io.infergate.engine.config.proto.ModelConfigProto.ModelInput;
import io.infergate.engine.config.proto.ModelConfigProto.ModelQueuePolicy;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a model's requests are queued and batched, read once from its configuration: the dynamic
 * batcher's settings, priority levels and the queue policy of each level.
 */
final class SchedulingPolicy {
    private final boolean dynamic;
    private final int maxBatchSize;
    private final List<Integer> preferredBatchSizes;
    private final long maxQueueDelayNanos;
    private final boolean preserveOrdering;
    private final int priorityLevels;
    private final int defaultPriorityLevel;
    private final ModelDynamicBatching batching;
    private final Set<String> raggedInputs;
    private final List<BatchInput> batchInputs;

    public SchedulingPolicy(ModelConfig config) {
        // decoupled models answer each request through its own sender, so they run one at a time
        this.dynamic = config.hasDynamicBatching() && config.getMaxBatchSize() > 0
                && !config.getModelTransactionPolicy().getDecoupled();
        this.batching = config.getDynamicBatching();
        this.maxBatchSize = Math.max(1, config.getMaxBatchSize());
        this.preferredBatchSizes = batching.getPreferredBatchSizeList().stream()
                .filter(size -> size > 0 && size <= maxBatchSize).sorted().toList();
        this.maxQueueDelayNanos = Math.multiplyExact(batching.getMaxQueueDelayMicroseconds(), 1000L);
        this.preserveOrdering = batching.getPreserveOrdering();
        this.priorityLevels = (int) Math.min(Integer.MAX_VALUE, batching.getPriorityLevels());
        this.defaultPriorityLevel = (int) Math.min(Integer.MAX_VALUE, batching.getDefaultPriorityLevel());
        this.raggedInputs = config.getMaxBatchSize() == 0 ? Set.of() : config.getInputList().stream()
                .filter(ModelInput::getAllowRaggedBatch).map(ModelInput::getName).collect(Collectors.toUnmodifiableSet());
        this.batchInputs = config.getMaxBatchSize() == 0 ? List.of() : List.copyOf(config.getBatchInputList());
    }

    /** Inputs whose shapes may differ within a batch; the backend gets them flat, one after another. */
    public Set<String> raggedInputs() {
        return raggedInputs;
    }

    /** Tensors the scheduler adds to every execution to describe the batch (Triton's batch_input). */
    public List<BatchInput> batchInputs() {
        return batchInputs;
    }

    /** Whether even a batch of one request must be reshaped (ragged inputs, batch inputs). */
    public boolean reshapesBatches() {
        return !raggedInputs.isEmpty() || !batchInputs.isEmpty();
    }

    /** Whether requests are merged into batches (dynamic_batching on a batching model). */
    public boolean dynamic() {
        return dynamic;
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** Preferred sizes that fit max_batch_size, ascending. */
    public List<Integer> preferredBatchSizes() {
        return preferredBatchSizes;
    }

    public long maxQueueDelayNanos() {
        return maxQueueDelayNanos;
    }

    public boolean preserveOrdering() {
        return preserveOrdering;
    }

    /** Number of priority queues: the configured levels, or one when priorities are off. */
    public int queueCount() {
        return Math.max(1, priorityLevels);
    }

    /**
     * The queue index (0 = highest) for a request's priority parameter (0 = default). Priorities
     * above the configured levels are refused; with no levels, priority is ignored as in Triton.
     */
    int queueIndex(long requestedPriority) {
        if (priorityLevels == 0) {
            return 0;
        }
        long level = requestedPriority == 0 ? defaultPriorityLevel : requestedPriority;
        if (level < 1 || level > priorityLevels) {
            throw new IllegalArgumentException("priority " + requestedPriority + " is out of range: model has "
                    + priorityLevels + " priority levels (1 is highest, 0 means the default "
                    + defaultPriorityLevel + ")");
        }
        return (int) level - 1;
    }

    /** The queue policy of a queue: its own, or the default one. */
    ModelQueuePolicy queuePolicy(int queueIndex) {
        return batching.getPriorityQueuePolicyOrDefault(queueIndex + 1L, batching.getDefaultQueuePolicy());
    }

    /**
     * The timeout in microseconds a request gets in a queue (0 = none): the policy's default, or
     * the request's own when the policy allows overriding (never longer than a non-zero default).
     */
    long timeoutMicros(int queueIndex, long requestedMicros) {
        ModelQueuePolicy policy = queuePolicy(queueIndex);
        long byDefault = policy.getDefaultTimeoutMicroseconds();
        boolean mayOverride = policy.getAllowTimeoutOverride() || !dynamic;
        if (requestedMicros > 0 && mayOverride) {
            return byDefault == 0 ? requestedMicros : Math.min(byDefault, requestedMicros);
        }
        return byDefault;
    }
}
