package io.infergate.gateway.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trace settings with Triton's names; a null field is one a model leaves to the global settings.
 * The global settings have every field.
 *
 * @param levels       what is recorded; empty is OFF
 * @param rate         every rate-th request is traced (1 or more)
 * @param count        how many more requests may be traced; -1 without limit
 * @param logFrequency traces per written file ({@code FILE.0}, {@code FILE.1} ...); 0 writes
 *                     {@code FILE} when tracing stops using it (a setting change, shutdown)
 * @param file         the trace file's absolute path; "" for none (in triton mode nothing is traced then)
 */
public record TraceFields(Set<TraceLevel> levels, Integer rate, Integer count, Integer logFrequency, String file) {
    public static final String TRACE_LEVEL = "trace_level";
    public static final String TRACE_RATE = "trace_rate";
    public static final String TRACE_COUNT = "trace_count";
    public static final String LOG_FREQUENCY = "log_frequency";
    public static final String TRACE_FILE = "trace_file";
    public static final String TRACE_MODE = "trace_mode";
    /** Every setting a client may change, in Triton's order. */
    public static final List<String> NAMES = List.of(TRACE_LEVEL, TRACE_RATE, TRACE_COUNT, LOG_FREQUENCY, TRACE_FILE);

    /** tritonserver's defaults: OFF, every 1000th request, no limit, written at the end, no file. */
    public static final TraceFields DEFAULTS = new TraceFields(Set.of(), 1000, -1, 0, "");
    /** A model's settings before any of its own: all from the global ones. */
    public static final TraceFields NONE = new TraceFields(null, null, null, null, null);

    public TraceFields {
        levels = levels == null ? null : Set.copyOf(levels);
    }

    /** These fields, the ones left null taken from {@code base}. */
    public TraceFields over(TraceFields base) {
        return new TraceFields(levels != null ? levels : base.levels, rate != null ? rate : base.rate,
                count != null ? count : base.count, logFrequency != null ? logFrequency : base.logFrequency,
                file != null ? file : base.file);
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    /**
     * Triton's answer to GET: every value a string, trace_level a list of them; the file settings
     * only in the mode that writes files.
     */
    public Map<String, Object> asMap(String mode) {
        Map<String, Object> map = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (TraceLevel level : TraceLevel.values()) {
            if (levels.contains(level)) {
                names.add(level.name());
            }
        }
        map.put(TRACE_LEVEL, names.isEmpty() ? List.of("OFF") : names);
        map.put(TRACE_RATE, Integer.toString(rate));
        map.put(TRACE_COUNT, Integer.toString(count));
        if (mode.equals(Tracing.TRITON_MODE)) {
            map.put(LOG_FREQUENCY, Integer.toString(logFrequency));
            map.put(TRACE_FILE, file);
        }
        map.put(TRACE_MODE, mode);
        return map;
    }
}
