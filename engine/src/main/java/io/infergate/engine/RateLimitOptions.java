package io.infergate.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the server limits executions ({@code --rate-limit}, {@code --rate-limit-resource}).
 *
 * @param enabled   {@code execution_count}: instances wait for their resources; off: they do not
 * @param resources the counts given on the command line
 */
public record RateLimitOptions(boolean enabled, List<ResourceCount> resources) {
    public static final RateLimitOptions OFF = new RateLimitOptions(false, List.of());

    public RateLimitOptions {
        resources = List.copyOf(resources);
    }

    /** Each named resource's count on one device: its own count for that device, else the one for all devices. */
    public Map<String, Long> countsFor(int device) {
        Map<String, Long> counts = new HashMap<>();
        for (ResourceCount count : resources) {
            if (count.device() == ResourceCount.ALL_DEVICES) {
                counts.putIfAbsent(count.name(), count.count());
            } else if (count.device() == device) {
                counts.put(count.name(), count.count());
            }
        }
        return counts;
    }

    /**
     * One {@code --rate-limit-resource=name:count[:device]} value.
     *
     * @param name   the resource
     * @param count  copies available
     * @param device the device whose copies these are, or {@link #ALL_DEVICES}
     */
    public record ResourceCount(String name, long count, int device) {
        public static final int ALL_DEVICES = -1;
    }
}
