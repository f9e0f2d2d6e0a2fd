package io.infergate.engine.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infergate.engine.config.ModelConfigParser;
import org.junit.jupiter.api.Test;

/** The queue and timeout decisions a model's dynamic_batching section makes, without a scheduler. */
class SchedulingPolicyTest {

    static SchedulingPolicy policy(String dynamicBatching) throws Exception {
        return new SchedulingPolicy(ModelConfigParser.parseText("""
                name: "m"
                backend: "identity"
                max_batch_size: 8
                dynamic_batching { %s }
                """.formatted(dynamicBatching), "m"));
    }

    @Test
    void withoutPriorityLevelsEveryRequestSharesOneQueue() throws Exception {
        SchedulingPolicy policy = policy("");
        assertEquals(1, policy.queueCount());
        assertEquals(0, policy.queueIndex(7));
    }

    @Test
    void priorityZeroTakesTheDefaultLevel() throws Exception {
        SchedulingPolicy policy = policy("priority_levels: 3 default_priority_level: 2");
        assertEquals(3, policy.queueCount());
        assertEquals(1, policy.queueIndex(0));
        assertEquals(0, policy.queueIndex(1));
    }

    @Test
    void aPriorityAboveTheLevelsIsRefusedWithTheRange() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> policy("priority_levels: 2 default_priority_level: 1").queueIndex(3));
        assertEquals("priority 3 is out of range: model has 2 priority levels (1 is highest, 0 means the default 1)",
                e.getMessage());
    }

    @Test
    void aRequestTimeoutShortensTheDefaultWhenOverrideIsAllowed() throws Exception {
        SchedulingPolicy policy = policy(
                "default_queue_policy { default_timeout_microseconds: 5000 allow_timeout_override: true }");
        assertEquals(2000, policy.timeoutMicros(0, 2000));
        assertEquals(5000, policy.timeoutMicros(0, 9000));
    }

    @Test
    void aRequestTimeoutIsIgnoredWhenOverrideIsNotAllowed() throws Exception {
        SchedulingPolicy policy = policy("default_queue_policy { default_timeout_microseconds: 5000 }");
        assertEquals(5000, policy.timeoutMicros(0, 2000));
    }

    @Test
    void aPriorityLevelUsesItsOwnQueuePolicy() throws Exception {
        SchedulingPolicy policy = policy("""
                priority_levels: 2 default_priority_level: 1
                default_queue_policy { max_queue_size: 4 }
                priority_queue_policy { key: 2 value { max_queue_size: 1 } }""");
        assertEquals(4, policy.queuePolicy(0).getMaxQueueSize());
        assertEquals(1, policy.queuePolicy(1).getMaxQueueSize());
    }
}
