package io.infergate.gateway.config;

import io.infergate.engine.RateLimitOptions;
import io.infergate.engine.RateLimitOptions.ResourceCount;
import java.util.ArrayList;
import java.util.List;

/** Reads tritonserver's {@code --rate-limit} and {@code --rate-limit-resource=name:count[:device]}. */
final class RateLimitFlags {
    private RateLimitFlags() {
    }

    static RateLimitOptions parse(String mode, List<String> resources) {
        boolean enabled = switch (mode) {
            case "off" -> false;
            case "execution_count" -> true;
            default -> throw new ConfigException("--rate-limit '" + mode + "' is not off or execution_count");
        };
        List<ResourceCount> counts = new ArrayList<>();
        for (String resource : resources) {
            counts.add(resource(resource));
        }
        return new RateLimitOptions(enabled, counts);
    }

    private static ResourceCount resource(String value) {
        String[] parts = value.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank()) {
            throw new ConfigException("--rate-limit-resource '" + value + "' is not name:count or name:count:device");
        }
        long count = number(value, parts[1], "count");
        int device = parts.length == 3 ? (int) Math.min(Integer.MAX_VALUE, number(value, parts[2], "device"))
                : ResourceCount.ALL_DEVICES;
        return new ResourceCount(parts[0].strip(), count, device);
    }

    private static long number(String value, String part, String what) {
        try {
            long number = Long.parseLong(part.strip());
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, as for a negative number
        }
        throw new ConfigException("--rate-limit-resource '" + value + "': the " + what + " '" + part
                + "' is not a whole number >= 0");
    }
}
