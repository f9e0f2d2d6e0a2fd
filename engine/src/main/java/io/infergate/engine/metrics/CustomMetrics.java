package io.infergate.engine.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The process's custom metric families, as Triton keeps them: one registry for the whole server,
 * so a family that several model instances create is one family. Each family remembers its
 * owners (a model instance's handle, whatever object the backend chooses); it disappears when
 * the last of them is released, e.g. when its model is unloaded. Thread-safe.
 */
public final class CustomMetrics {
    private static final CustomMetrics SHARED = new CustomMetrics();
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** The server's own families start so (nv_inference_count...); custom ones may not. */
    private static final String RESERVED_PREFIX = "nv_";

    private final Map<String, CustomMetricFamily> families = new LinkedHashMap<>();
    private final Map<String, Set<Object>> owners = new LinkedHashMap<>();

    /** A registry of its own (tests); the server uses {@link #shared()}. */
    CustomMetrics() {
    }

    /** The process's registry, which backends fill and the metrics endpoint renders. */
    public static CustomMetrics shared() {
        return SHARED;
    }

    /**
     * The family of this name, created when absent; {@code owner} holds it until released.
     *
     * @throws IllegalArgumentException for an invalid or reserved name, or a name that another
     *                                  kind of family already has
     */
    public synchronized CustomMetricFamily family(Object owner, String name, String description, MetricKind kind) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
        }
        if (name.startsWith(RESERVED_PREFIX)) {
            throw new IllegalArgumentException("metric name '" + name + "': the prefix '" + RESERVED_PREFIX
                    + "' is reserved for the server's own metrics");
        }
        CustomMetricFamily family = families.get(name);
        if (family == null) {
            family = new CustomMetricFamily(name, description, kind);
            families.put(name, family);
        } else if (family.kind() != kind) {
            throw new IllegalArgumentException("metric family '" + name + "' already exists as a "
                    + family.kind().prometheusType() + ", not a " + kind.prometheusType());
        }
        owners.computeIfAbsent(name, n -> new HashSet<>()).add(owner);
        return family;
    }

    /** Drops the owner's hold on its families; those nobody else holds disappear. */
    public synchronized void release(Object owner) {
        var entries = owners.entrySet().iterator();
        while (entries.hasNext()) {
            var entry = entries.next();
            if (entry.getValue().remove(owner) && entry.getValue().isEmpty()) {
                entries.remove();
                families.remove(entry.getKey());
            }
        }
    }

    /** The families now registered, in creation order. */
    public synchronized List<CustomMetricFamily> families() {
        return new ArrayList<>(families.values());
    }
}
