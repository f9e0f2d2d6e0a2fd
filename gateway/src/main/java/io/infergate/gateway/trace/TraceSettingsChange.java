package io.infergate.gateway.trace;

import static io.infergate.engine.api.InferenceException.invalid;

import io.infergate.gateway.security.AllowedFolder;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A client's change to trace settings, as Triton sends it: setting names to strings, a list of
 * strings for {@code trace_level}, or null to clear a setting (a model's back to the global one,
 * a global one back to its start-up value). Checked whole before any of it applies.
 */
final class TraceSettingsChange {
    private TraceSettingsChange() {
    }

    /**
     * The fields after the change.
     *
     * @param current the fields now (a model's own, or the global ones)
     * @param changes the client's settings
     * @param cleared what a null value sets a field back to
     * @param folder  where a trace_file may be
     */
    static TraceFields apply(TraceFields current, Map<String, ?> changes, TraceFields cleared, AllowedFolder folder) {
        Set<TraceLevel> levels = current.levels();
        Integer rate = current.rate();
        Integer count = current.count();
        Integer frequency = current.logFrequency();
        String file = current.file();
        for (Map.Entry<String, ?> change : changes.entrySet()) {
            String name = change.getKey();
            Object value = change.getValue();
            boolean clear = value == null;
            switch (name) {
                case TraceFields.TRACE_LEVEL -> levels = clear ? cleared.levels() : levels(value);
                case TraceFields.TRACE_RATE -> rate = clear ? cleared.rate() : number(name, value, 1);
                case TraceFields.TRACE_COUNT -> count = clear ? cleared.count() : number(name, value, -1);
                case TraceFields.LOG_FREQUENCY -> frequency = clear ? cleared.logFrequency() : number(name, value, 0);
                case TraceFields.TRACE_FILE -> file = clear ? cleared.file()
                        : folder.resolve(name, text(name, value)).toString();
                case TraceFields.TRACE_MODE -> throw invalid("trace setting 'trace_mode' is chosen at start-up"
                        + " (--trace-config mode=...), not by a client");
                default -> throw invalid("unknown trace setting '" + name + "' (known: "
                        + String.join(", ", TraceFields.NAMES) + ")");
            }
        }
        return new TraceFields(levels, rate, count, frequency, file);
    }

    /** Triton's levels: a list of TIMESTAMPS and TENSORS, or OFF alone. */
    static Set<TraceLevel> levels(Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw invalid("trace setting 'trace_level' must be a list of levels (OFF, TIMESTAMPS, TENSORS), not "
                    + describe(value));
        }
        Set<TraceLevel> levels = EnumSet.noneOf(TraceLevel.class);
        for (Object level : list) {
            String text = level instanceof String s ? s : "";
            if (text.equals("OFF")) {
                if (list.size() != 1) {
                    throw invalid("trace setting 'trace_level' may hold OFF only alone, not " + list);
                }
            } else if (text.equals(TraceLevel.TIMESTAMPS.name()) || text.equals(TraceLevel.TENSORS.name())) {
                levels.add(TraceLevel.valueOf(text));
            } else {
                throw invalid("unknown trace level " + describe(level) + " (known: OFF, TIMESTAMPS, TENSORS)");
            }
        }
        return levels;
    }

    /**
     * A whole number written as a string, as Triton's clients send it, from {@code min} up (an
     * Integer: beside a cleared field's null in a conditional, an int would unbox that null).
     */
    static Integer number(String name, Object value, int min) {
        String text = text(name, value);
        try {
            int number = Integer.parseInt(text.strip());
            if (number >= min) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below, with the range
        }
        throw invalid("trace setting '" + name + "' must be a whole number from " + min + " to " + Integer.MAX_VALUE
                + ", not '" + text + "'");
    }

    private static String text(String name, Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw invalid("trace setting '" + name + "' must be a string, not " + describe(value));
    }

    private static String describe(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
