package io.infergate.gateway.config;

import java.util.List;

/**
 * The response cache from tritonserver's {@code --cache-config <cache>,<key>=<value>} entries (the
 * flag repeats, one key each or several comma-separated). Only Triton's {@code local} cache exists
 * here, with its one key, {@code size} in bytes.
 *
 * @param sizeBytes the local cache's size; 0 when no cache is configured
 */
public record CacheOptions(long sizeBytes) {
    public static final CacheOptions NONE = new CacheOptions(0);

    public boolean enabled() {
        return sizeBytes > 0;
    }

    /** Parses the flag's entries; an unknown cache or key, a missing or bad size stop start-up naming them. */
    public static CacheOptions parse(List<String> entries) {
        if (entries.isEmpty()) {
            return NONE;
        }
        Long size = null;
        for (String entry : entries) {
            String[] parts = entry.split(",");
            String cache = parts[0].strip();
            if (!cache.equals("local")) {
                throw new ConfigException("--cache-config '" + entry + "': unknown cache '" + cache
                        + "' (this server has the local cache: --cache-config=local,size=BYTES)");
            }
            if (parts.length == 1) {
                throw new ConfigException("--cache-config '" + entry + "' has no key=value after the cache name");
            }
            for (int i = 1; i < parts.length; i++) {
                size = sizeFrom(entry, parts[i]);
            }
        }
        if (size == null) {
            throw new ConfigException("--cache-config local needs size=BYTES");
        }
        return new CacheOptions(size);
    }

    private static long sizeFrom(String entry, String keyValue) {
        int equals = keyValue.indexOf('=');
        String key = equals < 0 ? keyValue.strip() : keyValue.substring(0, equals).strip();
        if (equals < 0) {
            throw new ConfigException("--cache-config '" + entry + "': '" + key + "' is not key=value");
        }
        if (!key.equals("size")) {
            throw new ConfigException("--cache-config '" + entry + "': unknown key '" + key
                    + "' for the local cache (known: size)");
        }
        String value = keyValue.substring(equals + 1).strip();
        try {
            long size = Long.parseLong(value);
            if (size > 0) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below, as for a size of 0
        }
        throw new ConfigException("--cache-config local,size='" + value + "' is not a positive number of bytes");
    }
}
